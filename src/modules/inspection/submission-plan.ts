import { badInput } from '../../common/errors';
import type { FindingSpec } from '../finding/finding-raise';
import { missingEvidence, type AnswerItem, type AnswerRow } from './answers';
import type { ChecklistItem } from '../checklist/checklist.entity';
import type { Inspection } from './inspection.entity';
import type { StandardProfile } from '../checklist/standard-profile.entity';
import { outcomeOf, scoreInspection, type ScoredAnswer } from './scoring';

/** Where a problem with one item's answer is reported (the inputs differ by mutation). */
export type FieldOf = (itemCode: string, sub: string) => string;

export interface SubmissionInput {
  /** The pinned version's items, in position order. */
  items: (AnswerItem & Pick<ChecklistItem, 'promptZh' | 'promptEn'>)[];
  /** The answers submitted (stored, or filed with the submission). */
  answers: (ScoredAnswer & Pick<AnswerRow, 'passed' | 'evidenceIds' | 'note'>)[];
  siteKind: string;
  profile: Pick<StandardProfile, 'passMark' | 'evidenceMandatory' | 'version'>;
  /** Ad-hoc findings raised with the submission (fileInspection), raised before the failed items'. */
  adHoc: FindingSpec[];
  /** Findings the inspection already has (raised while it was in progress): all, and those not settled. */
  earlier: { total: number; open: number };
  fieldOf: FieldOf;
}

export interface SubmissionPlan {
  /** The findings to raise: the ad-hoc ones, then one per failed item in position order. */
  findings: FindingSpec[];
  /** What SUBMITTED sets besides the submission time and submitter. */
  result: Pick<Inspection, 'score' | 'pointsEarned' | 'pointsPossible' | 'outcome' | 'passMark' | 'profileVersion'>;
  /** True when nothing is left open: the inspection moves on to CLOSED at once. */
  closes: boolean;
}

/**
 * Submission's rules, shared by submitInspection and fileInspection, without the database: every
 * applicable item answered, evidence where required (BAD_USER_INPUT on the first problem, at
 * `fieldOf`), the score from the answers and the pinned version, a finding for each failed item,
 * the outcome against the profile (counting every finding of the inspection), and whether it
 * closes at once (every finding is raised OPEN, so only when none is open).
 */
export function planSubmission(s: SubmissionInput): SubmissionPlan {
  const r = scoreInspection(s.items, s.answers, s.siteKind);
  if (r.unanswered.length) throw badInput(s.fieldOf(r.unanswered[0], 'itemCode'), `items not answered: ${r.unanswered.join(', ')} (answer them or mark them not applicable)`);
  const missing = missingEvidence(s.items, s.answers, s.profile.evidenceMandatory);
  if (missing) throw badInput(s.fieldOf(missing, 'evidenceIds'), `the answer to ${missing} needs evidence${s.profile.evidenceMandatory ? ` (mandatory for failed items at ${s.siteKind} sites)` : ''}`);
  const byCode = new Map(s.answers.map((a) => [a.itemCode, a]));
  const findings: FindingSpec[] = [
    ...s.adHoc,
    ...s.items
      .filter((it) => r.failedCodes.includes(it.code))
      .map((it) => ({ itemCode: it.code, title: `${it.promptZh}（${it.promptEn}）`, description: byCode.get(it.code)?.note ?? null, legalBasis: null, severity: it.severity, evidenceIds: byCode.get(it.code)?.evidenceIds ?? [] })),
  ];
  return {
    findings,
    result: {
      score: r.score,
      pointsEarned: r.pointsEarned,
      pointsPossible: r.pointsPossible,
      outcome: outcomeOf(r, s.earlier.total + findings.length, s.profile.passMark),
      passMark: s.profile.passMark,
      profileVersion: s.profile.version,
    },
    closes: s.earlier.open + findings.length === 0,
  };
}
