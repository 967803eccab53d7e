import type { ChoiceOption, Severity, AnswerType } from '../checklist/checklist.entity';
import type { Outcome } from './inspection.entity';

/** What scoring needs of an item (a ChecklistItem row fits). */
export interface ScoredItem {
  code: string;
  severity: Severity;
  answerType: AnswerType;
  weight: number;
  minValue: number | null;
  maxValue: number | null;
  choices: ChoiceOption[];
  siteKinds: string[];
}

/** What scoring needs of an answer (an InspectionAnswer row fits). */
export interface ScoredAnswer {
  itemCode: string;
  notApplicable: boolean;
  boolValue: boolean | null;
  numberValue: number | null;
  choiceValue: string | null;
  textValue: string | null;
}

export interface ScoreResult {
  pointsEarned: number;
  pointsPossible: number;
  /** 0-100, one decimal; 100 when nothing scorable was applicable. */
  score: number;
  /** Codes of applicable items answered and failed, in item order. */
  failedCodes: string[];
  criticalFailed: boolean;
  /** Codes of applicable items with no answer. */
  unanswered: string[];
}

/** Items of a version that apply to a site kind (an item with no kinds applies to all). */
export const applicableItems = <T extends ScoredItem>(items: T[], siteKind: string): T[] => items.filter((i) => i.siteKinds.length === 0 || i.siteKinds.includes(siteKind));

/**
 * Whether an answer passes its item: YES_NO passes on yes; NUMBER within [min, max]; CHOICE
 * when the option chosen is compliant. null: not scored (N/A, TEXT).
 */
export function evaluate(item: ScoredItem, a: ScoredAnswer): boolean | null {
  if (a.notApplicable) return null;
  switch (item.answerType) {
    case 'YES_NO':
      return a.boolValue === true;
    case 'NUMBER':
      return a.numberValue !== null && (item.minValue === null || a.numberValue >= item.minValue) && (item.maxValue === null || a.numberValue <= item.maxValue);
    case 'CHOICE':
      return item.choices.find((c) => c.value === a.choiceValue)?.compliant ?? false;
    case 'TEXT':
      return null;
  }
}

/**
 * The one scoring method: points earned over points possible, over the applicable items that
 * were answered and are scored (N/A and TEXT excluded), each worth its weight.
 */
export function scoreInspection(items: ScoredItem[], answers: ScoredAnswer[], siteKind: string): ScoreResult {
  const byCode = new Map(answers.map((a) => [a.itemCode, a]));
  let earned = 0;
  let possible = 0;
  const failedCodes: string[] = [];
  const unanswered: string[] = [];
  let criticalFailed = false;
  for (const item of applicableItems(items, siteKind)) {
    const a = byCode.get(item.code);
    if (!a) {
      unanswered.push(item.code);
      continue;
    }
    const passed = evaluate(item, a);
    if (passed === null) continue;
    possible += item.weight;
    if (passed) earned += item.weight;
    else {
      failedCodes.push(item.code);
      if (item.severity === 'CRITICAL') criticalFailed = true;
    }
  }
  const score = possible === 0 ? 100 : Math.round((earned / possible) * 1000) / 10;
  return { pointsEarned: earned, pointsPossible: possible, score, failedCodes, criticalFailed, unanswered };
}

/**
 * Outcome against the pass mark: any failed CRITICAL item fails whatever the score; otherwise
 * PASS with no findings and score >= pass mark, PASS_WITH_FINDINGS with findings and score >=
 * pass mark, else FAIL. `findingCount` counts every finding (failed items and ad-hoc ones).
 */
export function outcomeOf(r: Pick<ScoreResult, 'score' | 'criticalFailed'>, findingCount: number, passMark: number): Outcome {
  if (r.criticalFailed) return 'FAIL';
  if (r.score < passMark) return 'FAIL';
  return findingCount === 0 ? 'PASS' : 'PASS_WITH_FINDINGS';
}
