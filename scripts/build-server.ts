/**
 * Compiles the hub (src/ and migrations/, not the tests or scripts) to JavaScript in dist/ when
 * it is missing or older than its sources, so `npm start` runs `node dist/src/main.js`: no
 * TypeScript compiler in the running hub and no source maps held in memory (tsx's in-process
 * transpilation kept ~35 MB of the hub's RSS; BENCHMARKS.md, "Memory, session 9"). Quick when
 * nothing changed (it only compares modification times); a build takes about a second.
 *
 * esbuild translates file by file, the way tsx does (the same compiler, the same tsconfig.json),
 * so the build behaves as the sources do under tsx and the tests. dist/ keeps the checkout's
 * layout (dist/src/…, dist/migrations/…): TypeORM finds entities and migrations by file name
 * (src/db/data-source.ts), and src/paths.ts tells the code root from the checkout. Source maps
 * are written beside each file, not loaded: `NODE_OPTIONS=--enable-source-maps` turns them on.
 *
 *   tsx scripts/build-server.ts           build if stale
 *   tsx scripts/build-server.ts --force   build anyway
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildWhenStale } from './build-lock';
import { buildSync } from 'esbuild';

const ROOT = path.join(__dirname, '..');
export const DIST = path.join(ROOT, 'dist');
/** The built entry point. */
export const SERVER_ENTRY = path.join(DIST, 'src', 'main.js');
const STAMP = path.join(DIST, '.built');
const CODE = ['src', 'migrations'];
const SOURCES = [...CODE, 'tsconfig.json', 'package-lock.json', 'scripts/build-server.ts'].map((p) => path.join(ROOT, p));

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  // A directory's own time changes when a file is added, renamed or deleted in it.
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

export function serverIsStale(): boolean {
  if (!fs.existsSync(STAMP) || !fs.existsSync(SERVER_ENTRY)) return true;
  const built = fs.statSync(STAMP).mtimeMs;
  return SOURCES.some((s) => newest(s) > built);
}

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) tsFiles(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const LOCK = path.join(ROOT, '.build-server-lock');
/**
 * Builds when stale (one process at a time: scripts/build-lock.ts).
 */
export function buildServer(force = false): boolean {
  return buildWhenStale(LOCK, serverIsStale, build, force);
}

function build() {
  const started = Date.now();
  // From clean: a file deleted from src/ must not live on in dist/ (an old *.entity.js or
  // migration would still be loaded by its file name).
  fs.rmSync(STAMP, { force: true });
  for (const d of CODE) fs.rmSync(path.join(DIST, d), { recursive: true, force: true });
  buildSync({
    entryPoints: CODE.flatMap((d) => tsFiles(path.join(ROOT, d))),
    outdir: DIST,
    outbase: ROOT,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  fs.writeFileSync(STAMP, `${new Date(started).toISOString()}\n`);
  // Older than any source saved during the build, so such a save makes it stale again.
  fs.utimesSync(STAMP, new Date(started), new Date(started));
}

/**
 * `npm start`'s command line from package.json without its leading `node` (the V8 flags and the
 * built entry, relative to `dir`), so the bench and the tests run the hub exactly as users do.
 */
export function startArgs(dir: string = ROOT): string[] {
  const start = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts?.start as string | undefined;
  const [exe, ...args] = (start ?? '').trim().split(/\s+/);
  if (exe !== 'node') throw new Error(`package.json's start script is not \`node …\`: ${start}`);
  return args;
}

if (require.main === module) {
  const built = buildServer(process.argv.includes('--force'));
  console.log(built ? 'server: built dist/' : 'server: dist/ is up to date');
}
