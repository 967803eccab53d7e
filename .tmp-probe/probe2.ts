import { Client } from 'pg';
import { SCALE_USERS } from '../scripts/scale/presets';
import { login, post, startHub } from '../scripts/bench/hub';
import { cpuMsOf, stopAll } from '../scripts/bench/procs';
import { filingFixtures, filingInput } from '../scripts/bench/fixtures';
import { FILE_INSPECTION } from '../scripts/bench/queries';

async function main() {
  const url = process.env.DATABASE_URL!;
  const c = new Client({ connectionString: url }); await c.connect();
  const fx = await filingFixtures(c); await c.end();
  const hubs = [await startHub(url, {}, process.env.A), ...(process.env.B ? [await startHub(url, {}, process.env.B)] : [])];
  const gs = hubs.map((h) => `${h.url}/graphql`);
  const tokens = await Promise.all(gs.map((g) => login(g, SCALE_USERS.inspector)));
  let n = 0;
  const kinds = (h: number): Record<string, () => Promise<unknown>> => ({
    typename: () => post(gs[h], '{ __typename }', {}, tokens[h]),
    file: () => post(gs[h], FILE_INSPECTION, { input: filingInput(fx, `probe-${process.pid}-${n}`, n++) }, tokens[h]),
  });
  for (let h = 0; h < hubs.length; h++) for (const k of Object.keys(kinds(h))) for (let i = 0; i < 500; i++) await kinds(h)[k]();
  const res: Record<string, number[]> = {};
  for (let b = 0; b < Number(process.env.BATCHES ?? 12); b++) for (let h0 = 0; h0 < hubs.length; h0++) {
    const h = (h0 + b) % hubs.length;
    for (const k of Object.keys(kinds(h))) {
      const pid = hubs[h].child.pid!;
      const c0 = cpuMsOf(pid);
      for (let i = 0; i < 100; i++) await kinds(h)[k]();
      await new Promise((r) => setTimeout(r, 300));
      (res[`${h}:${k}`] ??= []).push((cpuMsOf(pid) - c0 - 0.3 * 0) / 100);
    }
  }
  for (const [k, v] of Object.entries(res)) { const s = [...v].sort((a, b) => a - b); console.log(k.padEnd(12), 'hub ms/request min', s[0].toFixed(2), 'median', s[s.length >> 1].toFixed(2), 'all', v.map((x) => x.toFixed(2)).join(' ')); }
  await stopAll();
}
main().then(() => process.exit(0), async (e) => { console.error(e); await stopAll(); process.exit(1); });
