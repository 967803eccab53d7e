import type { LoadResult } from './load';
import type { HostileMemory } from './hostile';

export type Measured = LoadResult & { cpuMsPerRequest: number };

export interface ReadRow {
  name: string;
  objects: number;
  kb: number;
  floor: Measured;
  hub: Measured;
  hubSql: number | null;
  /** The hub with COMPILED_READS=false (graphql-js and DataLoaders). */
  hubJs: Measured;
  hubJsSql: number | null;
  peer: Measured | null;
  peerSame: boolean | null;
}

export interface Results {
  at: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string };
  options: { quick: boolean; seconds: number; warmup: number; connections: number };
  dataset: Record<string, number | null>;
  reads: ReadRow[];
  filing: Measured & { sqlPerFiling: number; filedRows: number };
  commandCentre: {
    overdue: { p50: number; max: number; runs: number; totalCount: number };
    report: { p50: number; max: number; runs: number } | null;
    districtReport: { district: string; p50: number; max: number; runs: number } | null;
    sqlOverdue: number;
    sqlReport: number | null;
    growth: { provinceSize: Record<string, number | null>; province: { overdue: { p50: number; max: number; totalCount: number }; report: { p50: number; max: number } | null; districtReport: { district: string; p50: number; max: number } | null } } | null;
  };
  memory: { hubAfterReadLoad: { peakMb: number; rssMb: number } | null; hubAtEnd: { peakMb: number; rssMb: number } | null; hostile?: HostileMemory };
  totalSeconds: number;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** The tables BENCHMARKS.md shows, as plain text. */
export function printResults(r: Results, log: (s: string) => void) {
  log(`\n== ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}`);
  log(`== ${r.options.connections} connections, ${r.options.seconds} s per run after ${r.options.warmup} s warm-up; dataset ${JSON.stringify(r.dataset)}`);
  for (const row of r.reads) {
    log(`\n(1) ${row.name}: ${row.objects} objects, ${row.kb} KB per response`);
    log(`| server | req/s | p50 ms | p99 ms | SQL statements / request | ratio to floor | server CPU ms / request |`);
    log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: |`);
    log(`| floor: node:http + pg, one json_agg statement | ${row.floor.reqPerSec} | ${row.floor.p50} | ${row.floor.p99} | 1 | 1.00× | ${row.floor.cpuMsPerRequest} |`);
    if (row.peer) log(`| PostGraphile 4.14${row.peerSame ? '' : ' (DIFFERENT rows!)'} | ${row.peer.reqPerSec} | ${row.peer.p50} | ${row.peer.p99} | 1 | ${ratio(row.peer.reqPerSec, row.floor.reqPerSec)} | ${row.peer.cpuMsPerRequest} |`);
    log(`| hub (Apollo Server 5, NODE_ENV=production) | ${row.hub.reqPerSec} | ${row.hub.p50} | ${row.hub.p99} | ${row.hubSql ?? '?'} | ${ratio(row.hub.reqPerSec, row.floor.reqPerSec)} | ${row.hub.cpuMsPerRequest} |`);
    log(`| hub, read compiler off (graphql-js + DataLoader) | ${row.hubJs.reqPerSec} | ${row.hubJs.p50} | ${row.hubJs.p99} | ${row.hubJsSql ?? '?'} | ${ratio(row.hubJs.reqPerSec, row.floor.reqPerSec)} | ${row.hubJs.cpuMsPerRequest} |`);
    const failed = row.floor.failed + row.hub.failed + row.hubJs.failed + (row.peer?.failed ?? 0);
    if (failed) log(`!! ${failed} requests failed (non-2xx, errors or timeouts)`);
  }
  const f = r.filing;
  log(`\n(2) fileInspection, 40 answers + 3 ad-hoc findings, one transaction`);
  log(`| filings/s | p50 ms | p99 ms | SQL statements / filing | filed (rows) | failed | hub CPU ms / filing |`);
  log(`| ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
  log(`| ${f.reqPerSec} | ${f.p50} | ${f.p99} | ${f.sqlPerFiling} | ${f.filedRows} | ${f.failed} | ${f.cpuMsPerRequest} |`);
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
  if (r.memory.hostile) printHostile(r.memory.hostile, log);
}

export function printHostile(h: HostileMemory, log: (s: string) => void) {
  const verdict = h.growthMb === null ? '?' : h.growthMb <= 50 ? 'within the 50 MB goal' : 'OVER the 50 MB goal';
  log(`(5) hostile input: ${h.requests} requests in ${h.rounds} round(s) (${h.uncoded} not coded); hub RSS ${h.beforeMb ?? '?'} MB → ${h.afterMb ?? '?'} MB (${h.growthMb !== null && h.growthMb >= 0 ? '+' : ''}${h.growthMb ?? '?'} MB, ${verdict}); peak ${h.peakMb ?? '?'} MB; ${h.seconds} s`);
}

export { pad };
