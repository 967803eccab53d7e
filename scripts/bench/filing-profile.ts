/**
 * Profiles the hub's filing path: starts the hub (NODE_ENV=production) with --cpu-prof into
 * PROF_DIR, files for S seconds after a warm-up, stops it (the profile is written at exit) and
 * sums the measured window's samples by self time per file and function, in ms per filing
 * (profile-summary.ts). Asserts nothing.
 * DATABASE_URL=… PROF_DIR=/tmp/prof npx tsx scripts/bench/filing-profile.ts [--seconds S]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { argValue } from '../seed-scale';
import { SCALE_USERS } from '../scale/presets';
import { filingFixtures, filingInput } from './fixtures';
import { login, JWT_SECRET, waitForReportSets } from './hub';
import { load } from './load';
import { startNode, stopAll } from './procs';
import { FILE_INSPECTION } from './queries';
import { summarise } from './profile-summary';

async function main() {
  const url = process.env.DATABASE_URL!;
  const dir = process.env.PROF_DIR ?? '/tmp/prof';
  const seconds = Number(argValue(process.argv.slice(2), 'seconds') ?? 8);
  const c = new Client({ connectionString: url });
  await c.connect();
  const fixtures = await filingFixtures(c);
  await c.end();
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.cpuprofile')) fs.rmSync(path.join(dir, f));
  const spawnedAt = Date.now();
  const hub = await startNode('hub', 'src/main.ts', { NODE_ENV: 'production', HOST: '127.0.0.1', DATABASE_URL: url, JWT_SECRET, LOG_LEVEL: 'warn' }, async (u) => (await fetch(`${u}/readyz`)).ok, {
    args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'src/main.ts'],
  });
  const token = await login(`${hub.url}/graphql`, SCALE_USERS.inspector);
  const c2 = new Client({ connectionString: url });
  await c2.connect();
  process.stdout.write(`report sets built (waited ${await waitForReportSets(c2)} s)\n`);
  await c2.end();
  const run = randomUUID().slice(0, 8);
  let n = 0;
  const body = () => JSON.stringify({ query: FILE_INSPECTION, variables: { input: filingInput(fixtures, `prof-${run}-${n}`, n++) } });
  await load({ url: `${hub.url}/graphql`, connections: 10, seconds: 2, headers: { authorization: `Bearer ${token}` }, body });
  const profileFrom = Date.now() - spawnedAt;
  const r = await load({ url: `${hub.url}/graphql`, connections: 10, seconds, headers: { authorization: `Bearer ${token}` }, body });
  process.stdout.write(`${r.reqPerSec} filings/s, failed ${r.failed}\n`);
  await stopAll();
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile in ${dir}`);
  process.stdout.write(`\n${summarise(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), profileFrom, r.requests)}\n(profile: ${path.join(dir, file)})\n`);
}
main().catch(async (e) => {
  console.error(e);
  await stopAll();
  process.exit(1);
});
