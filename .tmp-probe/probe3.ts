import fs from 'node:fs';
import { SCALE_USERS } from '../scripts/scale/presets';
import { login, post, JWT_SECRET } from '../scripts/bench/hub';
import { startNode, stopAll } from '../scripts/bench/procs';
import { summarise } from '../scripts/bench/profile-summary';

async function main() {
  const url = process.env.DATABASE_URL!;
  const dir = '/tmp/prof3';
  fs.rmSync(dir, { recursive: true, force: true }); fs.mkdirSync(dir);
  const hub = await startNode('hub', 'dist/src/main.js', { NODE_ENV: 'production', HOST: '127.0.0.1', DATABASE_URL: url, JWT_SECRET, LOG_LEVEL: 'warn' }, async (u) => (await fetch(`${u}/readyz`)).ok, { args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, 'dist/src/main.js'] });
  const g = `${hub.url}/graphql`;
  const token = await login(g, SCALE_USERS.inspector);
  for (let i = 0; i < 5000; i++) await post(g, process.env.Q ?? '{ __typename }', {}, token);
  await stopAll();
  await new Promise((r) => setTimeout(r, 1000));
  const f = fs.readdirSync(dir).find((x) => x.endsWith('.cpuprofile'))!;
  console.log(f);
}
main().then(() => process.exit(0), async (e) => { console.error(e); await stopAll(); process.exit(1); });
