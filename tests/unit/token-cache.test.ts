import type { Config } from '../../src/config';
import { makeTokenService } from '../../src/modules/account/token.service';

/**
 * The token service keeps the claims of a token it has verified (src/modules/account/token.service.ts):
 * a kept token must still expire on time, and a token that fails verification is never kept.
 */
const config = { jwtSecret: 'x'.repeat(48), tokenTtl: '60s', dataDir: '/tmp/epi-unused' } as Config;
const ACCOUNT = '0b0e7d4c-6a55-4b8f-9a41-3f1f0c9d2e11';

afterEach(() => jest.useRealTimers());
/** Moves the clock (Date only: jose and the cache both read it). */
const clockAt = (ms: number) => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask', 'clearTimeout', 'clearInterval', 'clearImmediate', 'hrtime', 'performance'] });
  jest.setSystemTime(ms);
};

it('answers a token verified before with the same claims, and refuses it once it has expired', async () => {
  const tokens = makeTokenService(config);
  const { token, expiresAt } = await tokens.sign({ accountId: ACCOUNT, role: 'COMMAND' });
  const first = await tokens.verify(token);
  expect(first).toEqual({ accountId: ACCOUNT, role: 'COMMAND', expiresAt });
  expect(await tokens.verify(token)).toEqual(first);
  // One second before exp: still valid. At exp: expired, kept or not (jose's rule).
  clockAt(expiresAt.getTime() - 1_000);
  expect((await tokens.verify(token)).accountId).toBe(ACCOUNT);
  clockAt(expiresAt.getTime());
  await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'the token has expired; sign in again' });
  await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'the token has expired; sign in again' });
});

it('never keeps a token that fails: a changed signature or another key is refused every time', async () => {
  const tokens = makeTokenService(config);
  const { token } = await tokens.sign({ accountId: ACCOUNT, role: 'COMMAND' });
  await tokens.verify(token);
  const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
  for (let i = 0; i < 2; i++) await expect(tokens.verify(tampered)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'the token is not valid; sign in again' });
  const other = makeTokenService({ ...config, jwtSecret: 'y'.repeat(48) });
  await expect(other.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
});
