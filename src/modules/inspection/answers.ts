import { z } from 'zod';
import { badInput } from '../../common/errors';
import type { ChecklistItem } from '../checklist/checklist.entity';
import { evidenceIds } from '../../common/validation';
import { applicableItems, evaluate } from './scoring';

/** An answer as a client sends it: the one value field that fits the item's answer type. */
export const answerInput = z.object({
  itemCode: z.string().trim().min(1).max(64),
  notApplicable: z.boolean().nullish(),
  yes: z.boolean().nullish(),
  number: z.number().finite().nullish(),
  choice: z.string().max(64).nullish(),
  text: z.string().trim().max(4000).nullish(),
  note: z.string().trim().max(2000).nullish(),
  evidenceIds,
});
export type AnswerInput = z.infer<typeof answerInput>;

export interface AnswerRow {
  itemCode: string;
  notApplicable: boolean;
  boolValue: boolean | null;
  numberValue: number | null;
  choiceValue: string | null;
  textValue: string | null;
  note: string | null;
  passed: boolean | null;
  evidenceIds: string[];
}

/** What checking answers needs of an item (a ChecklistItem row fits). */
export type AnswerItem = Pick<ChecklistItem, 'code' | 'severity' | 'answerType' | 'weight' | 'minValue' | 'maxValue' | 'choices' | 'siteKinds' | 'evidenceRequired'>;

const VALUE_FIELD = { YES_NO: 'yes', NUMBER: 'number', CHOICE: 'choice', TEXT: 'text' } as const;

/**
 * Checks answers against the pinned version's items for the site's kind and turns them into
 * rows with `passed` computed. Errors name the field, e.g. `input.answers.3.yes`.
 */
export function toAnswerRows(items: AnswerItem[], siteKind: string, answers: AnswerInput[], prefix: string): AnswerRow[] {
  const all = new Map(items.map((i) => [i.code, i]));
  const applicable = new Set(applicableItems(items, siteKind).map((i) => i.code));
  const seen = new Set<string>();
  return answers.map((a, idx) => {
    const at = `${prefix}.${idx}`;
    const item = all.get(a.itemCode);
    if (!item) throw badInput(`${at}.itemCode`, `the checklist version has no item ${a.itemCode}`);
    if (!applicable.has(a.itemCode)) throw badInput(`${at}.itemCode`, `item ${a.itemCode} does not apply to ${siteKind} sites`);
    if (seen.has(a.itemCode)) throw badInput(`${at}.itemCode`, `item ${a.itemCode} is answered twice`);
    seen.add(a.itemCode);
    const given = (['yes', 'number', 'choice', 'text'] as const).filter((f) => a[f] !== null && a[f] !== undefined);
    const expected = VALUE_FIELD[item.answerType];
    if (a.notApplicable) {
      if (item.severity === 'CRITICAL') throw badInput(`${at}.notApplicable`, `item ${a.itemCode} is CRITICAL and cannot be marked not applicable`);
      if (given.length) throw badInput(`${at}.${given[0]}`, 'a not-applicable answer carries no value');
    } else {
      const wrong = given.find((f) => f !== expected);
      if (wrong) throw badInput(`${at}.${wrong}`, `item ${a.itemCode} is ${item.answerType}: answer it with ${expected}, not ${wrong}`);
      if (!given.length) throw badInput(`${at}.${expected}`, `item ${a.itemCode} is ${item.answerType}: give ${expected} (or notApplicable)`);
      if (item.answerType === 'CHOICE' && !item.choices.some((c) => c.value === a.choice)) {
        throw badInput(`${at}.choice`, `${a.choice} is not one of ${item.choices.map((c) => c.value).join(', ')}`);
      }
      if (item.answerType === 'TEXT' && !a.text) throw badInput(`${at}.text`, 'the text is empty');
    }
    const row: AnswerRow = {
      itemCode: a.itemCode,
      notApplicable: !!a.notApplicable,
      boolValue: a.notApplicable ? null : (a.yes ?? null),
      numberValue: a.notApplicable ? null : (a.number ?? null),
      choiceValue: a.notApplicable ? null : (a.choice ?? null),
      textValue: a.notApplicable ? null : (a.text ?? null),
      note: a.note ?? null,
      passed: null,
      evidenceIds: [...new Set(a.evidenceIds)],
    };
    row.passed = evaluate(item, row);
    return row;
  });
}

/**
 * The first answer lacking required evidence: the item requires it for any real answer, or the
 * profile makes it mandatory for every failed answer. Returns its item code, or null.
 */
export function missingEvidence(items: AnswerItem[], rows: Pick<AnswerRow, 'itemCode' | 'notApplicable' | 'passed' | 'evidenceIds'>[], evidenceMandatory: boolean): string | null {
  const byCode = new Map(items.map((i) => [i.code, i]));
  for (const r of rows) {
    if (r.evidenceIds.length) continue;
    const item = byCode.get(r.itemCode);
    if (item?.evidenceRequired && !r.notApplicable) return r.itemCode;
    if (evidenceMandatory && r.passed === false) return r.itemCode;
  }
  return null;
}
