import { complianceHours, wholeDays } from '../../src/modules/report/report-days';

/*
 * The report's day arithmetic, at the instants that broke it or could: just after and just
 * before midnight UTC, across a month and a year end, a period starting exactly at midnight, and
 * the small hours (the start of issue 14: at 02:50 the period's first partial day has only two
 * whole hours).
 */
const at = (iso: string) => new Date(iso);
const hours = (day: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${day}T${String(from + i).padStart(2, '0')}:00:00.000Z`);

describe('wholeDays', () => {
  it('gives the whole UTC days inside [from, e], not the partial ones at either end', () => {
    expect(wholeDays(at('2026-12-01T10:00:00Z'), at('2026-12-04T09:00:00Z'))).toEqual(['2026-12-02', '2026-12-03']);
  });
  it('counts a day that starts exactly at `from`, and ends exactly at `e`', () => {
    expect(wholeDays(at('2026-12-01T00:00:00Z'), at('2026-12-03T00:00:00Z'))).toEqual(['2026-12-01', '2026-12-02']);
  });
  it('across a month and a year end', () => {
    expect(wholeDays(at('2026-12-30T23:59:00Z'), at('2027-01-02T00:01:00Z'))).toEqual(['2026-12-31', '2027-01-01']);
    expect(wholeDays(at('2027-02-27T12:00:00Z'), at('2027-03-02T12:00:00Z'))).toEqual(['2027-02-28', '2027-03-01']);
  });
  it('none within one day, or just across one midnight', () => {
    expect(wholeDays(at('2026-12-06T00:03:00Z'), at('2026-12-06T23:57:00Z'))).toEqual([]);
    expect(wholeDays(at('2026-12-31T23:55:00Z'), at('2027-01-01T00:02:00Z'))).toEqual([]);
    expect(wholeDays(at('2026-12-06T05:00:00Z'), at('2026-12-06T04:00:00Z'))).toEqual([]);
  });
});

describe('complianceHours', () => {
  it('at 02:50, fifteen days and five hours back: two whole hours at each end', () => {
    const e = at('2026-12-06T02:50:00Z');
    const h = complianceHours(new Date(e.getTime() - (15 * 24 + 5) * 3_600_000), e);
    expect(h.touch).toEqual([...hours('2026-11-20', 22, 24), ...hours('2026-12-06', 0, 2)]);
    expect(h.open).toEqual(hours('2026-12-06', 0, 2));
    expect(h.open_before).toEqual(['2026-12-06T00:00:00.000Z']);
  });
  it('at 23:57: the hours of the day before the current one', () => {
    const e = at('2026-12-06T23:57:00Z');
    const h = complianceHours(at('2026-12-01T18:30:00Z'), e);
    expect(h.touch).toEqual([...hours('2026-12-01', 19, 24), ...hours('2026-12-06', 0, 23)]);
    expect(h.open).toEqual(hours('2026-12-06', 0, 23));
  });
  it('just after midnight: no whole hour of today yet', () => {
    const e = at('2027-01-01T00:02:00Z');
    const h = complianceHours(at('2026-12-20T08:00:00Z'), e);
    expect(h.touch).toEqual(hours('2026-12-20', 8, 24));
    expect(h.open).toEqual([]);
    expect(h.open_before).toEqual(['2027-01-01T00:00:00.000Z']);
  });
  it('a period from exactly midnight has no partial first day', () => {
    const h = complianceHours(at('2026-12-01T00:00:00Z'), at('2026-12-03T05:10:00Z'));
    expect(h.touch).toEqual(hours('2026-12-03', 0, 5));
  });
  it("through: E's hour once it has ended, none for an hour not ended yet", () => {
    const e = at('2026-12-06T02:50:00Z');
    expect(complianceHours(at('2026-11-20T00:00:00Z'), e).through).toEqual([]);
    expect(complianceHours(at('2026-11-20T00:00:00Z'), e, at('2026-12-06T03:00:00Z')).through).toEqual(['2026-12-06T02:00:00.000Z']);
    expect(complianceHours(at('2026-11-20T00:00:00Z'), at('2026-12-06T02:00:00Z'), at('2026-12-06T02:59:59Z')).through).toEqual([]);
  });
  it('within one day: the whole hours between', () => {
    const h = complianceHours(at('2026-12-06T03:20:00Z'), at('2026-12-06T07:40:00Z'));
    expect(h.touch).toEqual(hours('2026-12-06', 4, 7));
    expect(h.open).toEqual(hours('2026-12-06', 0, 7));
  });
});
