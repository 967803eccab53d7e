import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Proc {
  name: string;
  child: ChildProcess;
  port: number;
  url: string;
  stop(): Promise<void>;
}

const started: Proc[] = [];

/** Stops every process the bench started (also on an error or Ctrl-C). */
export async function stopAll() {
  await Promise.all(started.splice(0).map((p) => p.stop()));
}
process.on('exit', () => {
  for (const p of started) p.child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `node --import tsx <script>` with env, waits until `ready(url)` resolves true. */
export async function startNode(name: string, script: string, env: Record<string, string>, ready: (url: string) => Promise<boolean>, opts: { cwd?: string; args?: string[]; exec?: string } = {}): Promise<Proc> {
  const port = await freePort();
  const child = spawn(opts.exec ?? process.execPath, opts.args ?? ['--import', 'tsx', script], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const proc: Proc = {
    name,
    child,
    port,
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
  started.push(proc);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready:\n${output}`);
    if (await ready(url).catch(() => false)) return proc;
    if (Date.now() > deadline) throw new Error(`${name} not ready after 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Peak and current resident set size of a process, in MB (Linux /proc). */
export function memoryOf(pid: number): { peakMb: number; rssMb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMb: Math.round(kb('VmHWM') / 102.4) / 10, rssMb: Math.round(kb('VmRSS') / 102.4) / 10 };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; 10 ms resolution). */
export function cpuMsOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After "pid (comm) ": state is [0], utime [11], stime [12], in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * Waits until a server has finished what an ended load run left in flight (autocannon stops
 * waiting at the end of a run; the server does not), so the next run starts on an idle server.
 */
export async function settle(pid: number, maxMs = 15_000): Promise<void> {
  const until = Date.now() + maxMs;
  let last = cpuMsOf(pid);
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    const now = cpuMsOf(pid);
    if (now - last <= 20) return;
    last = now;
  }
}
