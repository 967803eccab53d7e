/**
 * What the benches that measure in interleaved rounds share: their options (--rounds, --seconds,
 * --connections, each script with its own defaults), the median they report, their log line, and
 * the migrated database they run against (DATABASE_URL).
 */
import { Client } from 'pg';
import { argValue } from '../seed-scale';
import { migrate } from '../scale/seed';

export function roundsOptions(defaults: { rounds: number; seconds: number; connections: number }) {
  const args = process.argv.slice(2);
  return {
    args,
    rounds: Number(argValue(args, 'rounds') ?? defaults.rounds),
    seconds: Number(argValue(args, 'seconds') ?? defaults.seconds),
    connections: Number(argValue(args, 'connections') ?? defaults.connections),
  };
}

export const log = (s: string) => process.stdout.write(`${s}\n`);
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** DATABASE_URL, migrated, and a client connected to it. */
export async function migratedDatabase(applicationName?: string): Promise<{ url: string; c: Client }> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  await migrate(url);
  const c = new Client({ connectionString: url, ...(applicationName ? { application_name: applicationName } : {}) });
  await c.connect();
  return { url, c };
}
