import { SweepFloor } from '../../src/modules/audit/audit-chain';

/** One sweep: its snapshot at `at` (ms, monotonic), then done. Returns the floor it started from. */
function sweep(f: SweepFloor, at: number, xmin: number, xmax: number, maxId: number): string {
  const s = f.begin(at, { xmin: String(xmin), xmax: String(xmax), maxId: String(maxId) });
  s.done();
  return s.from;
}

describe('SweepFloor', () => {
  it('rises to a snapshot’s newest event only once a snapshot taken the margin later has every transaction before it ended', () => {
    const f = new SweepFloor(10_000);
    expect(sweep(f, 0, 100, 100, 10)).toBe('0');
    expect(f.floor).toBe('0'); // nothing the margin after the first snapshot yet
    expect(sweep(f, 20_000, 120, 130, 50)).toBe('0');
    expect(f.floor).toBe('0'); // the second is the margin later, but a transaction before its xmax (130) still runs
    expect(sweep(f, 25_000, 130, 140, 60)).toBe('0');
    expect(f.floor).toBe('10'); // now every one below 130 has ended: the first's newest event
    expect(sweep(f, 40_000, 141, 141, 70)).toBe('10');
    expect(f.floor).toBe('60'); // the third (25 s) has the fourth (40 s) the margin after it, whose xmax (141) the xmin has reached
  });

  it('never rises on snapshots closer together than the margin, however quiet the database', () => {
    const f = new SweepFloor(10_000);
    for (let at = 0; at < 9_000; at += 1_000) sweep(f, at, 500 + at, 500 + at, at);
    expect(f.floor).toBe('0');
  });

  it('does not move down', () => {
    const f = new SweepFloor(0);
    sweep(f, 0, 100, 100, 80);
    expect(f.floor).toBe('80');
    sweep(f, 1, 101, 101, 50); // an older maximum (e.g. the newest events' transactions rolled back)
    expect(f.floor).toBe('80');
  });
});
