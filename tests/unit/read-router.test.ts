import pino from 'pino';
import type { DataSource } from 'typeorm';
import { formatLsn, isReplicaFailure, parseLsn, ReadRouter } from '../../src/db/replicas';

/** The replica choice (src/db/replicas.ts): the client's token and the lag bound, from sampled positions. */
describe('ReadRouter.pick', () => {
  let t = 1_000_000;
  const router = new ReadRouter({
    primary: {} as DataSource,
    urls: ['postgres://u:secret@replica-1/db', 'postgres://u@replica-2/db'],
    poolSize: 1,
    maxLagMs: 5_000,
    intervalMs: 250,
    log: pino({ level: 'silent' }),
    now: () => t,
  });
  const [r1, r2] = router.replicas;
  const set = (r: typeof r1, up: boolean, lsn: string | null) => {
    r.up = up;
    r.replayLsn = parseLsn(lsn);
  };

  it('never shows a password', () => {
    expect(router.status().map((s) => s.replica)).toEqual(['postgres://u@replica-1/db', 'postgres://u@replica-2/db']);
  });

  it('uses only a replica that is up and has replayed the client token', () => {
    router.notePrimary(parseLsn('0/3000')!);
    set(r1, true, '0/2000');
    set(r2, false, '0/9000');
    expect(router.pick(parseLsn('0/2800'))).toBeNull(); // r1 is behind the token, r2 is down
    expect(router.pick(parseLsn('0/2000'))).toBe(r1);
    expect(router.pick(null)).toBe(r1);
    set(r2, true, '0/9000');
    expect(router.pick(parseLsn('0/2800'))).toBe(r2);
  });

  it('skips a replica further behind than the lag bound, whatever the token', () => {
    set(r1, true, '0/3000');
    set(r2, false, null);
    t += 6_000; // the primary wrote 0/3000 over 5 s ago …
    router.notePrimary(parseLsn('0/8000')!);
    expect(router.pick(null)).toBe(r1); // … and r1 has it: within the bound
    t += 6_000; // 0/8000 is now over 5 s old and r1 has not replayed it
    router.notePrimary(parseLsn('0/9000')!);
    expect(router.pick(null)).toBeNull();
    set(r1, true, '0/8000');
    expect(router.pick(null)).toBe(r1);
  });

  it('spreads reads over the fresh replicas in turn', () => {
    set(r1, true, '1/0');
    set(r2, true, '1/0');
    const picks = [router.pick(null), router.pick(null), router.pick(null), router.pick(null)];
    expect(new Set(picks).size).toBe(2);
  });
});

describe('LSNs and replica failures', () => {
  it('parses and formats PostgreSQL LSNs in order', () => {
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(formatLsn(0x16b374d848n)).toBe('16/B374D848');
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    for (const bad of ['', 'x', '1/', '/1', '1/2/3', '123456789/0', null, undefined]) expect(parseLsn(bad)).toBeNull();
  });

  it('treats a lost connection and a recovery conflict as the replica failing, not the read', () => {
    expect(isReplicaFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isReplicaFailure({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe(true);
    expect(isReplicaFailure({ code: '40001', message: 'canceling statement due to conflict with recovery' })).toBe(true);
    expect(isReplicaFailure({ code: '40001', message: 'could not serialize access' })).toBe(false);
    expect(isReplicaFailure({ code: '22P02', message: 'invalid input syntax' })).toBe(false);
  });
});
