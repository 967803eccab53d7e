import { z } from 'zod';
import { evidenceIds, isUuid, orDefault, parse } from '../../src/common/validation';
import { entryFields, sanityWarnings, type EntryFields } from '../../src/modules/disinfection/disinfection.input';
import { decodeCursor, encodeCursor, MAX_PAGE, pageSize } from '../../src/common/pagination';
import { recordRow } from '../../src/modules/verification/verification.input';
import { deliveryInput } from '../../src/modules/supply/supply.input';

/** The error a call throws, as a client would see its code and field. */
const failure = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    const err = e as { code?: string; details?: { field?: string } };
    return { code: err.code, field: err.details?.field };
  }
  throw new Error('expected the call to throw');
};

describe('parse (zod at a service entry)', () => {
  const schema = z.object({ siteId: z.guid(), entries: z.array(z.object({ quantity: z.number().int().positive() })) });
  it('returns the parsed value', () => {
    const v = { siteId: '3f0e8a52-1c1d-4c8e-9a55-2f1f6f3b9d10', entries: [{ quantity: 2 }] };
    expect(parse(schema, v)).toEqual(v);
  });
  it('names the first bad field under its prefix, nested paths and array indexes included', () => {
    expect(failure(() => parse(schema, { siteId: 'nope', entries: [] }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.siteId' });
    expect(failure(() => parse(schema, { siteId: '3f0e8a52-1c1d-4c8e-9a55-2f1f6f3b9d10', entries: [{ quantity: 1 }, { quantity: 0 }] }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.entries.1.quantity' });
    expect(failure(() => parse(schema, { siteId: 'nope' }, 'filter'))).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.siteId' });
  });
  it('orDefault: omitted and null both give the fallback', () => {
    const s = z.object({ n: orDefault(z.number(), 7) });
    expect(parse(s, {})).toEqual({ n: 7 });
    expect(parse(s, { n: null })).toEqual({ n: 7 });
    expect(parse(s, { n: 3 })).toEqual({ n: 3 });
    expect(parse(z.object({ e: evidenceIds }), {})).toEqual({ e: [] });
  });
  it('isUuid: 8-4-4-4-12 hex digits of any version and variant (the scale seed\'s md5-based ids), nothing else', () => {
    expect(isUuid('3f0e8a52-1c1d-4c8e-9a55-2f1f6f3b9d10')).toBe(true);
    expect(isUuid('70b926ee-e0e1-34c2-6ea1-ca53c48df2a1')).toBe(true);
    expect(isUuid('3f0e8a52')).toBe(false);
    expect(isUuid('3f0e8a52-1c1d-4c8e-9a55-2f1f6f3b9d1g')).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
  it('the messages the hub sets itself: a left-out verification field is "required", a bad flag or date says what it wants', () => {
    const message = (schema: Parameters<typeof parse>[0], v: unknown) => {
      const r = schema.safeParse(v);
      return r.success ? null : `${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`;
    };
    const row = { externalRef: 'R-1', personName: '张三', phoneMasked: '138****1234', reason: '返乡', needsVerification: true };
    expect(message(recordRow, row)).toBeNull();
    expect(message(recordRow, { ...row, externalRef: undefined })).toBe('externalRef: required');
    expect(message(recordRow, { ...row, externalRef: '  ' })).toBe('externalRef: required');
    expect(message(recordRow, { ...row, needsVerification: undefined })).toBe('needsVerification: required');
    expect(message(recordRow, { ...row, needsVerification: 'yes' })).toBe('needsVerification: must be true or false');
    expect(message(deliveryInput.pick({ deliveredAt: true }), { deliveredAt: 'tomorrow' })).toBe('deliveredAt: must be a date-time');
  });
});

describe('pagination arguments', () => {
  it('first: default, bounds, integers only', () => {
    expect(pageSize({})).toBe(50);
    expect(pageSize({ first: 0 })).toBe(0);
    expect(pageSize({ first: MAX_PAGE })).toBe(MAX_PAGE);
    expect(failure(() => pageSize({ first: MAX_PAGE + 1 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(failure(() => pageSize({ first: -1 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(failure(() => pageSize({ first: 1.5 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });
  it('a cursor round-trips; a foreign one, or one of another arity, is BAD_USER_INPUT on after', () => {
    expect(decodeCursor(encodeCursor(['2026-12-06T00:03:00.000Z', 'x']), 2)).toEqual(['2026-12-06T00:03:00.000Z', 'x']);
    expect(decodeCursor(null, 2)).toBeNull();
    expect(failure(() => decodeCursor(encodeCursor(['a']), 2))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(failure(() => decodeCursor('not a cursor', 1))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('disinfection entries', () => {
  const base = { area: 'lobby', agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'SPRAY', startedAt: '2026-12-31T23:50:00Z', durationMinutes: 20 };
  const entry = (over: Record<string, unknown> = {}): EntryFields => entryFields.parse({ ...base, ...over });
  const codes = (e: EntryFields, now: Date) => sanityWarnings(e, now).map((w) => w.code);
  const NOW = new Date('2027-01-01T00:02:00Z');

  it('parses an entry (area upper-cased, instant as a Date)', () => {
    expect(entry()).toMatchObject({ area: 'LOBBY', startedAt: new Date('2026-12-31T23:50:00Z'), evidenceIds: [] });
  });
  it('refuses a concentration without a unit, and a unit without a concentration', () => {
    expect(entryFields.safeParse({ ...base, concentrationUnit: 'NONE' }).error?.issues[0].path).toEqual(['concentrationUnit']);
    expect(entryFields.safeParse({ ...base, concentration: null }).error?.issues[0].path).toEqual(['concentration']);
  });
  it('a plausible entry has no warnings', () => {
    expect(codes(entry(), NOW)).toEqual([]);
  });
  it('"starts in the future" is measured from the clock passed in, with five minutes of slack, across midnight', () => {
    expect(codes(entry({ startedAt: '2027-01-01T00:07:00Z' }), NOW)).toEqual([]);
    expect(codes(entry({ startedAt: '2027-01-01T00:07:00.001Z' }), NOW)).toEqual(['STARTED_IN_FUTURE']);
    expect(codes(entry({ startedAt: '2026-11-01T00:00:00Z' }), NOW)).toEqual([]); // long ago: recorded late, not refused
  });
  it('concentrations outside the usual ranges, and mismatched agent and method, are warned about', () => {
    expect(codes(entry({ concentration: 100 }), NOW)).toEqual(['CHLORINE_CONCENTRATION_OUT_OF_RANGE']);
    expect(codes(entry({ concentration: 0.1, concentrationUnit: 'PERCENT' }), NOW)).toEqual([]); // 1,000 mg/L
    expect(codes(entry({ concentration: 0.5, concentrationUnit: 'PERCENT' }), NOW)).toEqual(['CHLORINE_CONCENTRATION_OUT_OF_RANGE']); // 5,000 mg/L
    expect(codes(entry({ agent: 'ALCOHOL', concentration: 60, concentrationUnit: 'PERCENT' }), NOW)).toEqual(['ALCOHOL_CONCENTRATION_OUT_OF_RANGE']);
    expect(codes(entry({ agent: 'UV', concentration: null, concentrationUnit: 'NONE' }), NOW)).toEqual(['METHOD_AGENT_MISMATCH']);
    expect(codes(entry({ durationMinutes: 0 }), NOW)).toEqual(['ZERO_DURATION']);
  });
});
