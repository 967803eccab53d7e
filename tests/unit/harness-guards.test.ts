import { makeTestClock, sqlStatements, waitFor } from '../helpers/harness';

/* The test harness's own guards: they must be able to fail. */
describe('sqlStatements', () => {
  it('reads the count', () => {
    expect(sqlStatements(new Headers({ 'x-sql-statements': '7' }))).toBe(7);
    expect(sqlStatements(new Headers({ 'x-sql-statements': '0' }))).toBe(0);
  });
  it('throws when the header is missing or not a count, so a guard cannot pass on NaN', () => {
    expect(() => sqlStatements(new Headers())).toThrow(/no x-sql-statements header/);
    expect(() => sqlStatements(new Headers({ 'x-sql-statements': '' }))).toThrow(/not a count/);
    expect(() => sqlStatements(new Headers({ 'x-sql-statements': 'NaN' }))).toThrow(/not a count/);
    expect(() => sqlStatements(new Headers({ 'x-sql-statements': '-1' }))).toThrow(/not a count/);
  });
});

describe('the test clock', () => {
  it('follows the machine clock until pinned, then stays; advance moves it; unpin lets go', () => {
    const c = makeTestClock();
    expect(c.pinned).toBe(false);
    const at = new Date('2026-12-31T23:55:00Z');
    expect(c.pin(at)).toEqual(at);
    expect(c.now).toEqual(at);
    expect(c.advance(10 * 60_000)).toEqual(new Date('2027-01-01T00:05:00Z'));
    expect(c.now).toEqual(new Date('2027-01-01T00:05:00Z'));
    c.now = at;
    expect(c.now).toEqual(at);
    c.unpin();
    expect(c.pinned).toBe(false);
    expect(c.now).not.toEqual(at);
  });
  it('hands out copies: changing a Date it returned does not move it', () => {
    const c = makeTestClock();
    c.pin(new Date('2026-12-06T00:03:00Z'));
    c.now.setUTCFullYear(1999);
    expect(c.now.toISOString()).toBe('2026-12-06T00:03:00.000Z');
  });
});

describe('waitFor', () => {
  it('resolves once the condition holds', async () => {
    let n = 0;
    await waitFor(() => ++n >= 3, 'three calls', { everyMs: 1 });
    expect(n).toBe(3);
  });
  it('fails when it never does', async () => {
    await expect(waitFor(() => false, 'nothing', { timeoutMs: 30, everyMs: 5 })).rejects.toThrow(/timed out after 30 ms waiting for nothing/);
  });
});
