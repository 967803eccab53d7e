import { canonicalJson, hashInput } from '../../src/modules/idempotency/idempotency.service';

/**
 * canonicalJson's output must never change: stored request hashes and the audit chain's hashes
 * are made of it. Compared with the implementation it replaced (kept here as the reference) on
 * generated values, and pinned on a fixed value.
 */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`)
    .join(',')}}`;
}

const LEAVES: unknown[] = [
  null, undefined, true, false, 0, -0, 1, -1.5, 36.5, 1e21, 1e-7, 2 ** 53, NaN, Infinity, -Infinity, '', 'x', 'a"b\\c', '\n\t\u0000\u001f', '现场查看 checked', '\ud800', '😀',
  new Date('2026-12-05T10:00:00.123Z'), [], {},
];
const KEYS = ['a', 'b', 'Z', 'z', '', 'itemCode', 'évidence', '"q"', '10', '9', '__proto__x', 'a b'];

let seed = 42;
/** mulberry32: a small deterministic generator. */
function rnd(n: number): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) % n);
}
function gen(depth: number): unknown {
  const r = rnd(10);
  if (depth <= 0 || r < 5) return LEAVES[rnd(LEAVES.length)];
  if (r < 7) return Array.from({ length: rnd(5) }, () => gen(depth - 1));
  const o: Record<string, unknown> = {};
  for (let i = rnd(6); i > 0; i--) o[KEYS[rnd(KEYS.length)]] = gen(depth - 1);
  return o;
}

describe('canonicalJson', () => {
  it('gives the reference text for generated values', () => {
    for (let i = 0; i < 3000; i++) {
      const v = gen(4);
      expect(canonicalJson(v)).toBe(reference(v));
    }
    for (const leaf of LEAVES) expect(canonicalJson(leaf)).toBe(reference(leaf));
  });

  it('keeps the hash of a fixed input', () => {
    const input = { b: [1, 'two', { d: null, c: new Date(0) }], a: { y: true, x: -0, skip: undefined, 'k"\\': NaN }, n: 36.5 };
    expect(canonicalJson(input)).toBe('{"a":{"k\\"\\\\":null,"x":0,"y":true},"b":[1,"two",{"c":"1970-01-01T00:00:00.000Z","d":null}],"n":36.5}');
    expect(hashInput(input)).toBe(require('node:crypto').createHash('sha256').update(reference(input)).digest('hex'));
  });
});
