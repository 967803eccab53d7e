import fs from 'node:fs';

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Whether the process that took the lock still runs. */
function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(`${lock}/pid`, 'utf8'));
  } catch {
    // Released a moment ago (or left empty by an older version of this script).
    return fs.existsSync(lock) ? false : true;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `build` when `isStale()` (or `force`). Several processes may ask at once (jest runs test
 * files in parallel, cluster workers start together): one builds under the lock directory `lock`,
 * the others wait for it and then find the build fresh. Returns whether this process built.
 */
export function buildWhenStale(lock: string, isStale: () => boolean, build: () => void, force = false): boolean {
  if (!force && !isStale()) return false;
  for (;;) {
    // The lock appears with its holder's pid in it, in one step (a directory renamed into place).
    const mine = `${lock}.${process.pid}`;
    fs.rmSync(mine, { recursive: true, force: true });
    fs.mkdirSync(mine);
    fs.writeFileSync(`${mine}/pid`, String(process.pid));
    try {
      fs.renameSync(mine, lock);
      break;
    } catch (err) {
      fs.rmSync(mine, { recursive: true, force: true });
      if (!['EEXIST', 'ENOTEMPTY'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
      // A lock whose builder is gone was left by a build that died. (By its process, not its
      // age: under a faked clock, tests/bin/at-time, every lock looked old.)
      if (!holderAlive(lock)) fs.rmSync(lock, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    if (!force && !isStale()) return false;
    build();
    return true;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
