// autocannon has no bundled types; this is the part of its API the bench uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
}
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  duration: number;
}

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  ok: number;
  failed: number;
  kbPerResponse: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Fixed body, or a function giving each request its own (e.g. a unique idempotencyKey). */
  body: string | (() => string);
}

/** Drives a server with autocannon for a fixed time; latencies in ms. */
export async function load(o: LoadOptions): Promise<LoadResult> {
  const headers = { 'content-type': 'application/json', ...(o.headers ?? {}) };
  const base = { url: o.url, connections: o.connections, duration: o.seconds, pipelining: 1, timeout: 30 };
  const r =
    typeof o.body === 'string'
      ? await autocannon({ ...base, method: 'POST', headers, body: o.body })
      : await autocannon({ ...base, requests: [{ method: 'POST', headers, setupRequest: (req: object) => ({ ...req, body: (o.body as () => string)() }) }] });
  const requests = r['2xx'] + r.non2xx;
  return {
    reqPerSec: Math.round((r['2xx'] / r.duration) * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests,
    ok: r['2xx'],
    failed: r.non2xx + r.errors + r.timeouts,
    kbPerResponse: requests ? Math.round(r.throughput.total / requests / 102.4) / 10 : 0,
  };
}

/**
 * Sequential requests (one client): the latency of a query at the current data size. At most
 * `times` runs, fewer (but at least 3) when they would take longer than `budgetMs` in all.
 */
export async function latency(send: () => Promise<unknown>, times: number, budgetMs = 30_000): Promise<{ p50: number; max: number; runs: number }> {
  const ms: number[] = [];
  await send(); // warm: first plan, first compile
  const until = performance.now() + budgetMs;
  for (let i = 0; i < times && (i < 3 || performance.now() < until); i++) {
    const t = performance.now();
    await send();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: Math.round(ms[Math.floor(ms.length / 2)] * 10) / 10, max: Math.round(ms[ms.length - 1] * 10) / 10, runs: ms.length };
}
