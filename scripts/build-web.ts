/**
 * Builds the field app (web/ → web/dist) when it is missing or older than its sources, so
 * `npm start` and the e2e tests always serve the current app without a separate step. Quick when
 * nothing changed (it only compares modification times).
 *
 *   tsx scripts/build-web.ts           build if stale
 *   tsx scripts/build-web.ts --force   build anyway
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildWhenStale } from './build-lock';

const ROOT = path.join(__dirname, '..');
const WEB = path.join(ROOT, 'web');
const BUILT = path.join(WEB, 'dist', 'index.html');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.mts'].map((p) => path.join(WEB, p)).concat(path.join(ROOT, 'package-lock.json'));

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

export function webIsStale(): boolean {
  if (!fs.existsSync(BUILT)) return true;
  return SOURCES.some((s) => newest(s) > fs.statSync(BUILT).mtimeMs);
}

const LOCK = path.join(WEB, '.build-lock');
/**
 * Builds when stale (one process at a time: scripts/build-lock.ts).
 */
export function buildWeb(force = false): boolean {
  return buildWhenStale(LOCK, webIsStale, build, force);
}

function build() {
  execFileSync(process.execPath, [path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'), 'build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } });
  // Mark the build newer than every source even when a file was saved during the build.
  const now = new Date();
  fs.utimesSync(BUILT, now, now);
}

if (require.main === module) {
  const built = buildWeb(process.argv.includes('--force'));
  console.log(built ? 'web: built web/dist' : 'web: web/dist is up to date');
}
