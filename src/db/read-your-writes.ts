import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Ctx } from '../context';
import { LSN_HEADER, onReadSource } from './replicas';

/**
 * The primary's WAL insert position now: at or past the end of every commit the request made, so
 * a replica that has replayed it has the client's writes.
 */
export async function commitLsn(ds: DataSource): Promise<string> {
  const [row] = await ds.query('SELECT pg_current_wal_insert_lsn()::text AS lsn');
  return row.lsn as string;
}

/** Sets `x-hub-lsn` on a response after writes (only with replicas configured). */
export async function stampCommitLsn(ds: DataSource, headers: { set(name: string, value: string): unknown }, log: Logger): Promise<void> {
  try {
    headers.set(LSN_HEADER, await commitLsn(ds));
  } catch (err) {
    // Without a token the client's next reads go wherever fresh replicas are; log and answer.
    log.warn({ err }, 'commit position not read; no x-hub-lsn on this response');
  }
}

/**
 * A heavy read-only piece of work for this request: on a replica that has replayed the client's
 * token (and `atLeast`, e.g. what the request itself just wrote), else on the primary.
 */
export function onReplica<T>(ctx: Ctx, work: (ds: DataSource, where: 'primary' | 'replica') => Promise<T>, atLeast: bigint | null = null): Promise<T> {
  const token = ctx.readAfterLsn ?? null;
  const need = token !== null && (atLeast === null || token > atLeast) ? token : atLeast;
  return onReadSource({ router: ctx.services.reads, primary: ctx.ds, atLeast: need }, work);
}
