import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { badInput } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { idempotencyKey, parse, uuid } from '../../common/validation';
import { assertAttachmentsUsable } from '../attachment/attachment.service';
import { Finding } from '../finding/finding.entity';
import { adHocFindingInput } from '../finding/finding.input';
import { profileFor, raiseFindings } from '../finding/finding-raise';
import { idempotent } from '../idempotency/idempotency.service';
import { activeSite, assertStatus, lockInspection } from './inspection-support';

const raiseInput = adHocFindingInput.extend({ idempotencyKey, inspectionId: uuid });

/** An inspector of the team adds an ad-hoc finding to an inspection in progress. */
export async function raiseFinding(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'finding:raise');
  const { idempotencyKey: key, ...input } = parse(raiseInput, raw);
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'raiseFinding', key, input, async () => {
      const i = await lockInspection(tx, input.inspectionId);
      authorize(tx, 'finding:raise', { teamId: i.teamId });
      assertStatus(i, ['IN_PROGRESS'], 'findings can be raised');
      const site = await activeSite(tx, i.siteId, 'input.inspectionId');
      const profile = await profileFor(tx, site.kind);
      if (profile.evidenceMandatory && !input.evidenceIds.length) throw badInput('input.evidenceIds', `evidence is mandatory for findings at ${site.kind} sites`);
      await assertAttachmentsUsable(tx, input.evidenceIds, 'input.evidenceIds');
      const [f] = await raiseFindings(tx, i, profile, [{ itemCode: null, title: input.title, description: input.description ?? null, legalBasis: input.legalBasis ?? null, severity: input.severity, evidenceIds: [...new Set(input.evidenceIds)] }], tx.now());
      return f.id;
    });
    return tx.em.findOneByOrFail(Finding, { id: resultId });
  });
}
