import type { Ctx } from '../../context';
import type { ChecklistItem } from '../checklist/checklist.entity';
import { checklistItemsByVersionId } from '../checklist/checklist.loaders';
import type { Finding } from '../finding/finding.entity';
import { findingsByInspectionId } from '../finding/finding.loaders';
import type { Inspection, InspectionAnswer, Outcome } from '../inspection/inspection.entity';
import { answersByInspectionId } from '../inspection/inspection.loaders';
import { outcomeOf, scoreInspection } from '../inspection/scoring';
import type { Site } from '../site/site.entity';
import { sitesById } from '../site/site.loaders';

export interface Adjusted {
  outcome: Outcome;
  score: number;
}

/**
 * The inspection's result as it stands after disputes, beside the stored one (never rewritten).
 * Rule: the stored answers are scored again with the same scoring function and the inspection's
 * own pass mark, then every item whose finding was WITHDRAWN counts as passed (its weight earned,
 * and a withdrawn CRITICAL item no longer fails the inspection), and withdrawn findings (ad-hoc
 * ones too) no longer count as findings. Null when no finding of it was withdrawn.
 */
export function adjustedResult(i: Inspection, siteKind: string, items: ChecklistItem[], answers: InspectionAnswer[], findings: Finding[]): Adjusted | null {
  if (i.outcome === null || i.passMark === null) return null;
  const withdrawn = new Set(findings.filter((f) => f.status === 'WITHDRAWN').map((f) => f.itemCode ?? `adhoc:${f.id}`));
  if (withdrawn.size === 0) return null;
  const r = scoreInspection(items, answers, siteKind);
  const byCode = new Map(items.map((it) => [it.code, it]));
  let earned = r.pointsEarned;
  const stillFailed = r.failedCodes.filter((code) => {
    if (!withdrawn.has(code)) return true;
    earned += byCode.get(code)?.weight ?? 0;
    return false;
  });
  const score = r.pointsPossible === 0 ? 100 : Math.round((earned / r.pointsPossible) * 1000) / 10;
  const criticalFailed = stillFailed.some((code) => byCode.get(code)?.severity === 'CRITICAL');
  const remaining = findings.filter((f) => f.status !== 'WITHDRAWN').length;
  return { outcome: outcomeOf({ score, criticalFailed }, remaining, i.passMark), score };
}

/** Through per-request loaders, so a list of inspections costs a constant number of statements. */
export async function adjustedFor(ctx: Ctx, i: Inspection): Promise<Adjusted | null> {
  if (i.outcome === null) return null;
  const findings = await findingsByInspectionId(ctx).load(i.id);
  if (!findings.some((f) => f.status === 'WITHDRAWN')) return null;
  const [items, answers, site] = await Promise.all([checklistItemsByVersionId(ctx).load(i.checklistVersionId), answersByInspectionId(ctx).load(i.id), sitesById(ctx).load(i.siteId)]);
  return adjustedResult(i, (site as Site).kind, items, answers, findings);
}
