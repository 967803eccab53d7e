/**
 * A V8 CPU profile (`--cpu-prof`, or the inspector's Profiler) summed as self time per request:
 * by package or file, and by function. Used by hub-profile.ts and read-profile.ts.
 */
export interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
export interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

const where = (u: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return m[1];
  if (u.startsWith('node:')) return u;
  const s = /\/(src|scripts)\/(.*)$/.exec(u);
  return s ? `${s[1]}/${s[2]}` : u || '(native/vm)';
};

/** Self time by file and by function, in ms per request, of the samples after `fromMs`. */
export function summarise(profile: Profile, fromMs: number, requests: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFile = new Map<string, number>();
  const byFn = new Map<string, number>();
  let t = profile.startTime;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    t += profile.timeDeltas[i];
    if ((t - profile.startTime) / 1000 < fromMs) continue;
    const n = byId.get(profile.samples[i])!;
    if (n.callFrame.functionName === '(idle)') continue;
    const ms = dt / 1000;
    busy += ms;
    const f = where(n.callFrame.url);
    byFile.set(f, (byFile.get(f) ?? 0) + ms);
    const fn = `${n.callFrame.functionName || '(anonymous)'}  ${f}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
  }
  const per = (ms: number) => (ms / requests).toFixed(3).padStart(7);
  const lines = [`profiled busy time: ${per(busy)} ms/request over ${requests} requests`, '', 'self ms/request by package/file:'];
  for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 30)) lines.push(`  ${per(v)}  ${k}`);
  lines.push('', 'self ms/request by function:');
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 45)) lines.push(`  ${per(v)}  ${k}`);
  return lines.join('\n');
}
