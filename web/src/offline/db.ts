import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxItem } from './outbox';

export interface Session {
  token: string;
  expiresAt: string;
  account: { id: string; username: string; displayName: string; role: string };
}

export interface CachedRead {
  key: string;
  data: unknown;
  savedAt: string;
}

interface FieldDb extends DBSchema {
  /** Writes waiting to be sent, in the order the user made them (seq). */
  outbox: { key: number; value: OutboxItem; indexes: { byId: string } };
  /** Downscaled photos queued with outbox items. */
  photos: { key: string; value: { id: string; blob: Blob } };
  /** The last good answer of each read the field needs offline. */
  reads: { key: string; value: CachedRead };
  /** The signed-in session (kept when it expires, so the outbox knows whose it is). */
  kv: { key: string; value: unknown };
}

let dbp: Promise<IDBPDatabase<FieldDb>> | null = null;

export function db(): Promise<IDBPDatabase<FieldDb>> {
  dbp ??= openDB<FieldDb>('epi-field', 1, {
    upgrade(d) {
      const outbox = d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('byId', 'id', { unique: true });
      d.createObjectStore('photos', { keyPath: 'id' });
      d.createObjectStore('reads', { keyPath: 'key' });
      d.createObjectStore('kv');
    },
  });
  return dbp;
}

export async function getSession(): Promise<Session | null> {
  return ((await (await db()).get('kv', 'session')) as Session | undefined) ?? null;
}

export async function putSession(s: Session | null): Promise<void> {
  const d = await db();
  if (s) await d.put('kv', s, 'session');
  else await d.delete('kv', 'session');
}

export async function readCache(key: string): Promise<CachedRead | null> {
  return (await (await db()).get('reads', key)) ?? null;
}

export async function writeCache(key: string, data: unknown): Promise<CachedRead> {
  const row = { key, data, savedAt: new Date().toISOString() };
  await (await db()).put('reads', row);
  return row;
}

export async function getKv<T>(key: string): Promise<T | null> {
  return ((await (await db()).get('kv', key)) as T | undefined) ?? null;
}

export async function putKv(key: string, value: unknown): Promise<void> {
  const d = await db();
  if (value === null) await d.delete('kv', key);
  else await d.put('kv', value, key);
}
