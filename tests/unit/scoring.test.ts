import { applicableItems, evaluate, outcomeOf, scoreInspection, type ScoredAnswer, type ScoredItem } from '../../src/modules/inspection/scoring';

const item = (code: string, over: Partial<ScoredItem> = {}): ScoredItem => ({ code, severity: 'MAJOR', answerType: 'YES_NO', weight: 1, minValue: null, maxValue: null, choices: [], siteKinds: [], ...over });
const ans = (itemCode: string, over: Partial<ScoredAnswer> = {}): ScoredAnswer => ({ itemCode, notApplicable: false, boolValue: null, numberValue: null, choiceValue: null, textValue: null, ...over });
const yes = (code: string) => ans(code, { boolValue: true });
const no = (code: string) => ans(code, { boolValue: false });

describe('evaluate', () => {
  it('YES_NO passes on yes only', () => {
    expect(evaluate(item('a'), yes('a'))).toBe(true);
    expect(evaluate(item('a'), no('a'))).toBe(false);
  });
  it('NUMBER passes within [min, max], bounds inclusive and optional', () => {
    const t = item('t', { answerType: 'NUMBER', maxValue: 37.3 });
    expect(evaluate(t, ans('t', { numberValue: 37.3 }))).toBe(true);
    expect(evaluate(t, ans('t', { numberValue: 37.4 }))).toBe(false);
    const d = item('d', { answerType: 'NUMBER', minValue: 7, maxValue: 30 });
    expect(evaluate(d, ans('d', { numberValue: 6.9 }))).toBe(false);
    expect(evaluate(d, ans('d', { numberValue: 7 }))).toBe(true);
  });
  it('CHOICE passes when the option is compliant', () => {
    const c = item('c', { answerType: 'CHOICE', choices: [{ value: 'ALL', labelZh: '全部', labelEn: 'all', compliant: true }, { value: 'SOME', labelZh: '部分', labelEn: 'some', compliant: false }] });
    expect(evaluate(c, ans('c', { choiceValue: 'ALL' }))).toBe(true);
    expect(evaluate(c, ans('c', { choiceValue: 'SOME' }))).toBe(false);
  });
  it('N/A and TEXT are not scored', () => {
    expect(evaluate(item('a'), ans('a', { notApplicable: true }))).toBeNull();
    expect(evaluate(item('x', { answerType: 'TEXT', weight: 0 }), ans('x', { textValue: 'ok' }))).toBeNull();
  });
});

describe('scoreInspection', () => {
  const items = [item('a', { weight: 4 }), item('b', { weight: 3 }), item('c', { weight: 2 }), item('d', { weight: 1 }), item('n', { answerType: 'TEXT', weight: 0 })];

  it('is points earned over points possible, N/A excluded', () => {
    const r = scoreInspection(items, [yes('a'), no('b'), ans('c', { notApplicable: true }), yes('d'), ans('n', { textValue: 'fine' })], 'HOTEL');
    expect(r).toEqual({ pointsEarned: 5, pointsPossible: 8, score: 62.5, failedCodes: ['b'], criticalFailed: false, unanswered: [] });
  });

  it('rounds to one decimal and gives 100 when nothing is scorable', () => {
    expect(scoreInspection([item('a'), item('b'), item('c')], [yes('a'), no('b'), no('c')], 'HOTEL').score).toBe(33.3);
    expect(scoreInspection([item('a')], [ans('a', { notApplicable: true })], 'HOTEL').score).toBe(100);
  });

  it('lists unanswered applicable items and ignores items of other kinds', () => {
    const kinds = [item('all'), item('det', { siteKinds: ['DETENTION_FACILITY'] }), item('hot', { siteKinds: ['HOTEL'] })];
    expect(applicableItems(kinds, 'HOTEL').map((i) => i.code)).toEqual(['all', 'hot']);
    const r = scoreInspection(kinds, [yes('all')], 'HOTEL');
    expect(r.unanswered).toEqual(['hot']);
    expect(r.pointsPossible).toBe(1);
  });

  it('flags a failed CRITICAL item', () => {
    const r = scoreInspection([item('k', { severity: 'CRITICAL', weight: 1 }), item('m', { weight: 99 })], [no('k'), yes('m')], 'HOTEL');
    expect(r.score).toBe(99);
    expect(r.criticalFailed).toBe(true);
  });
});

describe('outcomeOf', () => {
  it('any failed CRITICAL item fails whatever the score', () => {
    expect(outcomeOf({ score: 99, criticalFailed: true }, 1, 80)).toBe('FAIL');
  });
  it('passes at or above the pass mark, with or without findings', () => {
    expect(outcomeOf({ score: 80, criticalFailed: false }, 0, 80)).toBe('PASS');
    expect(outcomeOf({ score: 85, criticalFailed: false }, 2, 80)).toBe('PASS_WITH_FINDINGS');
  });
  it('fails below the pass mark', () => {
    expect(outcomeOf({ score: 79.9, criticalFailed: false }, 0, 80)).toBe('FAIL');
  });
});
