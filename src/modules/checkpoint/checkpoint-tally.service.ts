import { In, IsNull } from 'typeorm';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { badInput, conflict } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { recordHubEvent } from '../../common/outbox';
import { idempotent } from '../idempotency/idempotency.service';
import { Account } from '../account/account.entity';
import { Site } from '../site/site.entity';
import { CheckpointTally, type OfficerOnDuty } from './checkpoint-tally.entity';
import { parse, tallyInput, type TallyInput } from './checkpoint.input';

/** The seed: "每个防疫卡点必须由局机关2名科级领导蹲点值守" (two section-level leaders per checkpoint). */
export const MIN_LEADERS_ON_DUTY = 2;

const FIGURES = ['vehiclesChecked', 'personsScreened', 'vehiclesTurnedBack', 'personsTurnedBack', 'certificatesVerified', 'samplesTaken'] as const;

/** What a filing says, for comparing two filings of the same shift. */
function filingOf(t: Pick<CheckpointTally, (typeof FIGURES)[number] | 'officersOnDuty' | 'notes'>) {
  return JSON.stringify([...FIGURES.map((f) => t[f]), t.officersOnDuty.map((o) => [o.accountId, o.name, o.isLeader]), t.notes ?? null]);
}

function warningsFor(leaders: number): string[] {
  if (leaders >= MIN_LEADERS_ON_DUTY) return [];
  return [`only ${leaders} leader${leaders === 1 ? '' : 's'} on duty; a checkpoint shift needs at least ${MIN_LEADERS_ON_DUTY}`];
}

/**
 * Files the tally of one checkpoint shift, or a correction of one. Per (checkpoint, date, shift)
 * there is one effective tally: filing the same figures again returns it, different figures are
 * CONFLICT unless they correct it (correctsId + correctionReason), which supersedes it.
 */
export async function fileCheckpointTally(ctx: Ctx, raw: unknown): Promise<CheckpointTally> {
  authorize(ctx, 'checkpoint:file');
  const { idempotencyKey, ...input } = parse(tallyInput, raw);
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'fileCheckpointTally', idempotencyKey, input, () => createTally(tx, input));
    return tx.em.findOneByOrFail(CheckpointTally, { id: resultId });
  });
}

async function createTally(tx: Ctx, input: Omit<TallyInput, 'idempotencyKey'>): Promise<string> {
  const site = await tx.em.findOneBy(Site, { id: input.checkpointId });
  if (!site || site.kind !== 'CHECKPOINT') throw badInput('input.checkpointId', 'no such checkpoint');
  authorize(tx, 'checkpoint:file', { siteId: site.id });
  const officers = await officersFrom(tx, input.officersOnDuty);
  const leaders = officers.filter((o) => o.isLeader).length;
  const row = {
    checkpointId: site.id,
    shiftDate: input.shiftDate,
    shift: input.shift,
    ...Object.fromEntries(FIGURES.map((f) => [f, input[f]])),
    officersOnDuty: officers,
    leadersOnDuty: leaders,
    notes: input.notes ?? null,
    warnings: warningsFor(leaders),
    correctsId: input.correctsId ?? null,
    correctionReason: input.correctionReason ?? null,
    filedById: tx.actor!.id,
  } as Partial<CheckpointTally>;

  let before: CheckpointTally | null = null;
  if (input.correctsId) {
    before = await tx.em.findOne(CheckpointTally, { where: { id: input.correctsId }, lock: { mode: 'pessimistic_write' } });
    if (!before || before.checkpointId !== site.id) throw badInput('input.correctsId', 'no such tally at this checkpoint');
    if (before.shiftDate !== input.shiftDate || before.shift !== input.shift) throw badInput('input.correctsId', `that tally is for ${before.shiftDate} ${before.shift}; a correction keeps the shift`);
    if (before.supersededAt) throw conflict('that tally was already corrected; correct the effective one', { field: 'input.correctsId' });
    await tx.em.query(`UPDATE checkpoint_tally SET superseded_at = now() WHERE id = $1 AND superseded_at IS NULL`, [before.id]);
  } else {
    const existing = await tx.em.findOneBy(CheckpointTally, { checkpointId: site.id, shiftDate: input.shiftDate, shift: input.shift, supersededAt: IsNull() });
    if (existing) {
      if (filingOf(existing) === filingOf(row as CheckpointTally)) return existing.id; // the same filing again
      throw conflict(`a different tally for ${input.shiftDate} ${input.shift} is already filed; to change it, file a correction with correctsId`, { field: 'input.shift', existingId: existing.id });
    }
  }
  const [{ id }] = (await tx.em
    .createQueryBuilder()
    .insert()
    .into(CheckpointTally)
    .values(row)
    .returning('id')
    .execute()
    .catch((err) => {
      // Another filing for this shift committed between our check and our insert.
      if ((err as { driverError?: { constraint?: string } }).driverError?.constraint === 'checkpoint_tally_effective_uq') {
        throw conflict(`a tally for ${input.shiftDate} ${input.shift} was filed at the same moment; reload, and file a correction if needed`, { field: 'input.shift' });
      }
      throw err;
    })).raw as { id: string }[];
  await recordAudit(tx, {
    action: before ? 'checkpoint-tally.correct' : 'checkpoint-tally.file',
    entityType: 'CheckpointTally',
    entityId: id,
    before: before ? { ...pick(before), id: before.id } : null,
    after: { ...pick(row as CheckpointTally), id },
  });
  await recordHubEvent(tx, {
    kind: 'CHECKPOINT_TALLY_FILED',
    siteId: site.id,
    entityType: 'CheckpointTally',
    entityId: id,
    message: `${site.name} ${input.shiftDate} ${input.shift}: 检查车辆${input.vehiclesChecked}辆，排查人员${input.personsScreened}人${before ? '（更正）' : ''} / tally ${before ? 'corrected' : 'filed'}`,
    data: { shiftDate: input.shiftDate, shift: input.shift, ...Object.fromEntries(FIGURES.map((f) => [f, input[f]])), warnings: row.warnings, correction: !!before },
  });
  return id;
}

function pick(t: CheckpointTally) {
  return { checkpointId: t.checkpointId, shiftDate: t.shiftDate, shift: t.shift, ...Object.fromEntries(FIGURES.map((f) => [f, t[f]])), officersOnDuty: t.officersOnDuty, warnings: t.warnings, correctsId: t.correctsId, correctionReason: t.correctionReason };
}

/** Checks that named accounts exist (one statement) and normalises the list. */
async function officersFrom(tx: Ctx, list: TallyInput['officersOnDuty']): Promise<OfficerOnDuty[]> {
  const ids = [...new Set(list.map((o) => o.accountId).filter((x): x is string => !!x))];
  const found = ids.length ? new Set((await tx.em.find(Account, { where: { id: In(ids) }, select: { id: true } })).map((a) => a.id)) : new Set<string>();
  const seen = new Set<string>();
  return list.map((o, i) => {
    if (o.accountId && !found.has(o.accountId)) throw badInput(`input.officersOnDuty.${i}.accountId`, 'no such account');
    if (o.accountId && seen.has(o.accountId)) throw badInput(`input.officersOnDuty.${i}.accountId`, 'listed twice');
    if (o.accountId) seen.add(o.accountId);
    return { accountId: o.accountId ?? null, name: o.name ?? null, isLeader: o.isLeader };
  });
}
