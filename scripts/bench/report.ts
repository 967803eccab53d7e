import type { LoadResult } from './load';
import type { HostileMemory } from './hostile';

/**
 * One measured window. cpuMsPerRequest: the server process; pgCpuMsPerRequest: the PostgreSQL
 * backends serving it; totalCpuMsPerRequest: both.
 */
export type Measured = LoadResult & { cpuMsPerRequest: number; pgCpuMsPerRequest: number; totalCpuMsPerRequest: number; backends: number };

/** floor, the hub, the hub with COMPILED_READS=false, PostGraphile 5 (V4 preset) and 4.14. */
export type ServerKey = 'floor' | 'hub' | 'hubBefore' | 'hubJs' | 'peerV5' | 'peer';

export interface ReadRow {
  name: string;
  objects: number;
  kb: number;
  hubSql: number | null;
  /** The hub with COMPILED_READS=false (graphql-js and DataLoaders): first round only. */
  hubJsSql: number | null;
  /** Every round's measurement, per server, in round order. */
  runs: Partial<Record<ServerKey, Measured[]>>;
  /** Whether each peer's rows equal the hub's (order-insensitive). */
  peerSame: Partial<Record<ServerKey, boolean>>;
}

export interface Results {
  at: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string };
  options: { quick: boolean; seconds: number; warmup: number; connections: number; rounds: number };
  dataset: Record<string, number | null>;
  reads: ReadRow[];
  /** Every round's filing run on the hub and on the write floor, in round order. */
  filing: { hub: Measured[]; floor: Measured[]; sqlPerFiling: number; filedRows: number };
  commandCentre: {
    overdue: { p50: number; max: number; runs: number; totalCount: number };
    report: { p50: number; max: number; runs: number } | null;
    districtReport: { district: string; p50: number; max: number; runs: number } | null;
    sqlOverdue: number;
    sqlReport: number | null;
    growth: { provinceSize: Record<string, number | null>; province: { overdue: { p50: number; max: number; totalCount: number }; report: { p50: number; max: number } | null; districtReport: { district: string; p50: number; max: number } | null } } | null;
  };
  memory: {
    hubAfterReadLoad: { peakMb: number; rssMb: number } | null;
    hubAtEnd: { peakMb: number; rssMb: number } | null;
    hostile?: HostileMemory;
    hubBeforeAfterReadLoad?: { peakMb: number; rssMb: number } | null;
    othersAfterReadLoad?: Record<string, { peakMb: number; rssMb: number } | null>;
  };
  totalSeconds: number;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

const LABELS: Record<ServerKey, string> = {
  floor: 'floor: node:http + pg, one json_agg statement',
  hub: 'hub (Apollo Server 5, NODE_ENV=production)',
  hubBefore: 'hub from --also-hub (another checkout, e.g. before a change)',
  hubJs: 'hub, read compiler off (graphql-js + DataLoader; first round only)',
  peerV5: 'PostGraphile 5.1.5 (V4 preset, Node 22)',
  peer: 'PostGraphile 4.14',
};

export function median(xs: number[]): number {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** "median (min–max)", or the single value when there is one round. */
export function spread(xs: number[], digits = 1, unit = ''): string {
  const v = xs.filter((x) => Number.isFinite(x));
  if (!v.length) return 'n/a';
  const f = (x: number) => `${x.toFixed(digits)}${unit}`;
  return v.length === 1 ? f(v[0]) : `${f(median(v))} (${f(Math.min(...v))}–${f(Math.max(...v))})`;
}
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** The tables BENCHMARKS.md shows, as plain text. */
export function printResults(r: Results, log: (s: string) => void) {
  log(`\n== ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}`);
  log(`== ${r.options.connections} connections, ${r.options.seconds} s per run after ${r.options.warmup} s warm-up; dataset ${JSON.stringify(r.dataset)}`);
  log(`== ${r.options.rounds} interleaved round(s): median (min–max); ratios to the floor of the same round`);
  for (const row of r.reads) {
    log(`\n(1) ${row.name}: ${row.objects} objects, ${row.kb} KB per response`);
    log(`| server | req/s | ratio to floor | p50 ms | p99 ms | SQL statements / request | server CPU ms / request | PostgreSQL CPU ms / request | server + PostgreSQL CPU ms / request | CPU ratio to floor |`);
    log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
    const floor = row.runs.floor ?? [];
    let failed = 0;
    for (const key of ['floor', 'hub', 'hubBefore', 'peerV5', 'peer', 'hubJs'] as const) {
      const runs = row.runs[key];
      if (!runs?.length) continue;
      failed += runs.reduce((n, m) => n + m.failed, 0);
      const same = key in row.peerSame && !row.peerSame[key] ? ' (DIFFERENT rows!)' : '';
      const sql = key === 'hub' || key === 'hubBefore' ? (row.hubSql ?? '?') : key === 'hubJs' ? (row.hubJsSql ?? '?') : 1;
      const rel = (f: (m: Measured) => number) => runs.map((m, n) => (floor[n] && f(floor[n]) > 0 ? f(m) / f(floor[n]) : NaN));
      log(
        `| ${LABELS[key]}${same} | ${spread(runs.map((m) => m.reqPerSec))} | ${spread(rel((m) => m.reqPerSec), 2, '×')} | ${spread(runs.map((m) => m.p50), 0)} | ${spread(runs.map((m) => m.p99), 0)} | ${sql} | ${spread(runs.map((m) => m.cpuMsPerRequest))} | ${spread(runs.map((m) => m.pgCpuMsPerRequest))} | ${spread(runs.map((m) => m.totalCpuMsPerRequest))} | ${spread(rel((m) => m.totalCpuMsPerRequest), 2, '×')} |`,
      );
    }
    if (failed) log(`!! ${failed} requests failed (non-2xx, errors or timeouts)`);
  }
  const f = r.filing;
  log(`\n(2) fileInspection, 40 answers + 3 ad-hoc findings, one transaction; the write floor inserts the same rows with one hand-written statement`);
  log(`| server | filings/s | ratio to write floor | p50 ms | p99 ms | SQL statements / filing | server CPU ms / filing | PostgreSQL CPU ms / filing | server + PostgreSQL CPU ms / filing | failed |`);
  log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
  for (const [label, runs, sql] of [['write floor: node:http + pg, one INSERT … statement', f.floor, 1], ['hub: fileInspection', f.hub, f.sqlPerFiling]] as const) {
    const rel = runs.map((m, n) => (f.floor[n]?.reqPerSec ? m.reqPerSec / f.floor[n].reqPerSec : NaN));
    log(`| ${label} | ${spread(runs.map((m) => m.reqPerSec))} | ${spread(rel, 2, '×')} | ${spread(runs.map((m) => m.p50), 0)} | ${spread(runs.map((m) => m.p99), 0)} | ${sql} | ${spread(runs.map((m) => m.cpuMsPerRequest))} | ${spread(runs.map((m) => m.pgCpuMsPerRequest))} | ${spread(runs.map((m) => m.totalCpuMsPerRequest))} | ${runs.reduce((n, m) => n + m.failed, 0)} |`);
  }
  log(`hub filings recorded: ${f.filedRows}`);
  const cc = r.commandCentre;
  log(`\n(3) command-centre queries, one client, median (max) of ${cc.overdue.runs} runs${cc.report ? `, the report ${cc.report.runs}` : ''}`);
  log(`| query | SQL statements | latency here | ${cc.growth ? 'province | growth (province / here) |' : ''}`);
  log(`| --- | ---: | ---: | ${cc.growth ? '---: | ---: |' : ''}`);
  const g = cc.growth?.province;
  log(`| findings(overdue: true), first 50 + totalCount (${cc.overdue.totalCount} overdue) | ${cc.sqlOverdue} | ${cc.overdue.p50} ms (${cc.overdue.max}) | ${g ? `${g.overdue.p50} ms (${g.overdue.totalCount} overdue) | ${ratio(g.overdue.p50, cc.overdue.p50)} |` : ''}`);
  if (cc.report) log(`| report(last 30 days) | ${cc.sqlReport ?? '?'} | ${cc.report.p50} ms (${cc.report.max}) | ${g?.report ? `${g.report.p50} ms | ${ratio(g.report.p50, cc.report.p50)} |` : ''}`);
  const d = cc.districtReport;
  const gd = g?.districtReport;
  if (d) log(`| report(last 30 days, the largest district: ${d.district}${gd ? ` / ${gd.district}` : ''}) | ${cc.sqlReport ?? '?'} | ${d.p50} ms (${d.max}) | ${gd ? `${gd.p50} ms | ${ratio(gd.p50, d.p50)} |` : ''}`);
  if (cc.growth) log(`province dataset: ${JSON.stringify(cc.growth.provinceSize)}`);
  log(`\n(4) hub memory: peak RSS after the read load ${r.memory.hubAfterReadLoad?.peakMb ?? '?'} MB; peak over the whole run ${r.memory.hubAtEnd?.peakMb ?? '?'} MB`);
  if (r.memory.hubBeforeAfterReadLoad) log(`    --also-hub: peak RSS after the read load ${r.memory.hubBeforeAfterReadLoad.peakMb} MB`);
  const o = r.memory.othersAfterReadLoad ?? {};
  log(`    others, peak RSS after the read load: ${Object.entries(o).filter(([, m]) => m).map(([k, m]) => `${k} ${m!.peakMb} MB`).join(', ')}`);
  if (r.memory.hostile) printHostile(r.memory.hostile, log);
}

export function printHostile(h: HostileMemory, log: (s: string) => void) {
  const verdict = h.growthMb === null ? '?' : h.growthMb <= 50 ? 'within the 50 MB goal' : 'OVER the 50 MB goal';
  log(`(5) hostile input: ${h.requests} requests in ${h.rounds} round(s) (${h.uncoded} not coded); hub RSS ${h.beforeMb ?? '?'} MB → ${h.afterMb ?? '?'} MB (${h.growthMb !== null && h.growthMb >= 0 ? '+' : ''}${h.growthMb ?? '?'} MB, ${verdict}); peak ${h.peakMb ?? '?'} MB; ${h.seconds} s`);
}

export { pad };
