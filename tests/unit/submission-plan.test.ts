import { planSubmission, type SubmissionInput } from '../../src/modules/inspection/submission-plan';

/* The one plan fileInspection and submitInspection follow: findings for failed items, outcome, closing. */

type Item = SubmissionInput['items'][number];
type Answer = SubmissionInput['answers'][number];
const item = (code: string, over: Partial<Item> = {}): Item => ({ code, promptZh: `项${code}`, promptEn: `item ${code}`, severity: 'MAJOR', answerType: 'YES_NO', weight: 1, minValue: null, maxValue: null, choices: [], siteKinds: [], evidenceRequired: false, ...over });
const answer = (itemCode: string, yes: boolean, over: Partial<Answer> = {}): Answer => ({ itemCode, notApplicable: false, boolValue: yes, numberValue: null, choiceValue: null, textValue: null, passed: yes, evidenceIds: [], note: null, ...over });
const base = (over: Partial<SubmissionInput> = {}): SubmissionInput => ({
  items: [item('A', { severity: 'CRITICAL' }), item('B'), item('C', { severity: 'MINOR' })],
  answers: [answer('A', true), answer('B', true), answer('C', true)],
  siteKind: 'HOTEL',
  profile: { passMark: 80, evidenceMandatory: false, version: 3 },
  adHoc: [],
  earlier: { total: 0, open: 0 },
  fieldOf: (code, sub) => `answers.${code}.${sub}`,
  ...over,
});
const codeAndField = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return { code: (e as { code: string }).code, field: (e as { details: { field: string } }).details.field };
  }
};

describe('planSubmission', () => {
  it('all passed, no findings: PASS, score 100, closes at once', () => {
    expect(planSubmission(base())).toEqual({
      findings: [],
      result: { score: 100, pointsEarned: 3, pointsPossible: 3, outcome: 'PASS', passMark: 80, profileVersion: 3 },
      closes: true,
    });
  });

  it('a finding for each failed item, in item order, after the ad-hoc ones, titled by the prompt, with the answer’s note and evidence', () => {
    const adHoc = [{ itemCode: null, title: '杂物', description: null, legalBasis: null, severity: 'MINOR' as const, evidenceIds: ['e0'] }];
    const p = planSubmission(base({ adHoc, answers: [answer('A', true), answer('B', false, { note: '未登记', evidenceIds: ['e1'] }), answer('C', false)] }));
    expect(p.findings).toEqual([
      adHoc[0],
      { itemCode: 'B', title: '项B（item B）', description: '未登记', legalBasis: null, severity: 'MAJOR', evidenceIds: ['e1'] },
      { itemCode: 'C', title: '项C（item C）', description: null, legalBasis: null, severity: 'MINOR', evidenceIds: [] },
    ]);
    expect(p.result).toMatchObject({ score: 33.3, outcome: 'FAIL' }); // below the pass mark
    expect(p.closes).toBe(false);
  });

  it('a failed CRITICAL item fails it; findings at or above the pass mark give PASS_WITH_FINDINGS', () => {
    const items = Array.from({ length: 10 }, (_, n) => item(`I${n}`, { severity: n === 0 ? 'CRITICAL' : 'MINOR' }));
    const all = items.map((i) => answer(i.code, true));
    expect(planSubmission(base({ items, answers: all.map((a, n) => (n === 9 ? answer(a.itemCode, false) : a)) })).result.outcome).toBe('PASS_WITH_FINDINGS');
    expect(planSubmission(base({ items, answers: all.map((a, n) => (n === 0 ? answer(a.itemCode, false) : a)) })).result.outcome).toBe('FAIL');
  });

  it('findings raised before the submission count for the outcome and keep it open while one of them is', () => {
    expect(planSubmission(base({ earlier: { total: 1, open: 1 } }))).toMatchObject({ findings: [], result: { outcome: 'PASS_WITH_FINDINGS' }, closes: false });
    expect(planSubmission(base({ earlier: { total: 1, open: 0 } }))).toMatchObject({ result: { outcome: 'PASS_WITH_FINDINGS' }, closes: true });
  });

  it('refuses an unanswered item, then missing evidence, on the field the caller names', () => {
    expect(codeAndField(() => planSubmission(base({ answers: [answer('A', true), answer('C', true)] })))).toEqual({ code: 'BAD_USER_INPUT', field: 'answers.B.itemCode' });
    const needs = base({ items: [item('A', { evidenceRequired: true }), item('B'), item('C')] });
    expect(codeAndField(() => planSubmission(needs))).toEqual({ code: 'BAD_USER_INPUT', field: 'answers.A.evidenceIds' });
    const mandatory = base({ profile: { passMark: 80, evidenceMandatory: true, version: 1 }, answers: [answer('A', true), answer('B', false), answer('C', true)] });
    expect(codeAndField(() => planSubmission(mandatory))).toEqual({ code: 'BAD_USER_INPUT', field: 'answers.B.evidenceIds' });
    expect(codeAndField(() => planSubmission({ ...mandatory, answers: [answer('A', true), answer('B', false, { evidenceIds: ['e'] }), answer('C', true)] }))).toBeNull();
  });
});
