import fs from 'node:fs';

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `build` when `isStale()` (or `force`). Several processes may ask at once (jest runs test
 * files in parallel, cluster workers start together): one builds under the lock directory `lock`,
 * the others wait for it and then find the build fresh. Returns whether this process built.
 */
export function buildWhenStale(lock: string, isStale: () => boolean, build: () => void, force = false): boolean {
  if (!force && !isStale()) return false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock older than five minutes was left by a build that died.
      if (Date.now() - fs.statSync(lock).mtimeMs > 300_000) fs.rmSync(lock, { recursive: true, force: true });
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
