/**
 * CPU a server costs, counted where it is spent: the server's own process AND the PostgreSQL
 * backends that serve it (Linux /proc; the bench must run on the database's machine, as root or
 * as the postgres user, to read the backends' /proc/<pid>/stat).
 *
 * A backend belongs to a server when its `client_port` (pg_stat_activity) is the local port of
 * one of the server's TCP sockets (/proc/<pid>/fd → socket inodes → /proc/net/tcp{,6}). Backends
 * are sampled every second during the window, so one that connects or disconnects in it still
 * counts: its CPU from when it was first seen (0 for one born in the window) to when it was last
 * seen.
 */
import fs from 'node:fs';
import { Client } from 'pg';
import { cpuMsOf } from './procs';

/** Local TCP ports of a process's sockets. */
export function localPortsOf(pid: number): Set<number> {
  const inodes = new Set<string>();
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return new Set();
  }
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9])) continue;
      ports.add(parseInt(f[1].split(':')[1], 16));
    }
  }
  return ports;
}

export interface CpuSplit {
  /** The server process (user + system), ms. */
  nodeMs: number;
  /** The PostgreSQL backends serving it, ms. */
  pgMs: number;
  /** How many distinct backends served it in the window. */
  backends: number;
}

/**
 * Measures one window: `start()` before the load, `stop()` after the server settled.
 * `monitor` is a connection of the bench's own (never counted).
 */
export class CpuMeter {
  private first = new Map<number, number>();
  private last = new Map<number, number>();
  private node0 = 0;
  private timer: NodeJS.Timeout | null = null;
  private sampling: Promise<void> = Promise.resolve();
  private started = false;

  constructor(
    private readonly monitor: Client,
    private readonly serverPid: number,
  ) {}

  private async sample(): Promise<void> {
    const ports = localPortsOf(this.serverPid);
    if (!ports.size) return;
    const r = await this.monitor.query<{ pid: number; client_port: number }>(
      `SELECT pid, client_port FROM pg_stat_activity WHERE client_port = ANY($1::int[]) AND pid <> pg_backend_pid()`,
      [[...ports]],
    );
    for (const { pid } of r.rows) {
      const ms = cpuMsOf(pid);
      if (Number.isNaN(ms)) continue;
      if (!this.first.has(pid)) this.first.set(pid, this.started ? 0 : ms);
      this.last.set(pid, ms);
    }
  }

  async start(): Promise<void> {
    this.first.clear();
    this.last.clear();
    this.started = false;
    await this.sample();
    this.started = true;
    this.node0 = cpuMsOf(this.serverPid);
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample()).catch(() => undefined);
    }, 1000);
  }

  async stop(): Promise<CpuSplit> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sampling;
    const nodeMs = cpuMsOf(this.serverPid) - this.node0;
    await this.sample();
    let pgMs = 0;
    for (const [pid, ms] of this.last) pgMs += ms - (this.first.get(pid) ?? 0);
    return { nodeMs, pgMs, backends: this.last.size };
  }
}
