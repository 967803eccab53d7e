import { spareLanes } from '../../src/db/snapshot-lanes';

/** A pg pool's counters: `open` connections of which `idle` are idle, `waiting` callers queued. */
const pool = (max: number, open: number, idle: number, waiting = 0) => ({ options: { max }, totalCount: open, idleCount: idle, waitingCount: waiting });

describe('spareLanes (how many further connections a report may read on)', () => {
  it('takes up to what it wants from an idle pool, leaving a quarter of it (at least 2)', () => {
    expect(spareLanes(pool(10, 1, 0), 0, 3)).toBe(3); // the report's own connection open; 9 can be had, 3 kept
    expect(spareLanes(pool(12, 12, 11), 0, 3)).toBe(3);
    expect(spareLanes(pool(10, 1, 0), 0, 0)).toBe(0);
  });
  it('falls back to one lane when the pool is small or busy', () => {
    expect(spareLanes(pool(2, 1, 0), 0, 3)).toBe(0);
    expect(spareLanes(pool(4, 1, 0), 0, 3)).toBe(1); // 3 can be had, 2 kept
    expect(spareLanes(pool(10, 10, 2), 0, 3)).toBe(0); // 8 busy: only the reserve is idle
    expect(spareLanes(pool(10, 10, 5), 0, 3)).toBe(2);
    expect(spareLanes(pool(10, 10, 9, 1), 0, 3)).toBe(0); // someone is waiting for a connection
  });
  it('keeps the further lanes of all reports within half the pool', () => {
    expect(spareLanes(pool(10, 4, 0), 3, 3)).toBe(2);
    expect(spareLanes(pool(10, 6, 0), 5, 3)).toBe(0);
    expect(spareLanes(pool(40, 1, 0), 0, 15)).toBe(15);
    expect(spareLanes(pool(40, 1, 0), 10, 15)).toBe(10);
  });
});
