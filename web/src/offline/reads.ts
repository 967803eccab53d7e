import { useCallback, useEffect, useState } from 'react';
import { NetworkError } from '../api';
import { readCache, writeCache } from './db';
import { sessionStore } from './session';

export interface Read<T> {
  data: T | null;
  /** When the data shown was fetched; set when it came from the device because the hub was unreachable. */
  staleSince: string | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * A read the field needs offline: asks the hub, keeps the answer on the device, and falls back to
 * the kept answer (saying since when) when the hub cannot be reached.
 */
export async function cachedRead<T>(key: string, fetcher: () => Promise<T>): Promise<{ data: T; staleSince: string | null }> {
  try {
    const data = await fetcher();
    await writeCache(key, data);
    return { data, staleSince: null };
  } catch (err) {
    const kept = await readCache(key);
    if (kept && (err instanceof NetworkError || sessionStore.get().expired)) return { data: kept.data as T, staleSince: kept.savedAt };
    throw err;
  }
}

const refreshers = new Set<() => void>();
/** Asks every read on screen to fetch again (the network is back, or a queued write went through). */
export function refreshReads() {
  for (const r of refreshers) r();
}
if (typeof window !== 'undefined') window.addEventListener('online', refreshReads);

export function useRead<T>(key: string | null, fetcher: () => Promise<T>): Read<T> {
  const [state, setState] = useState<Omit<Read<T>, 'reload'>>({ data: null, staleSince: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    refreshers.add(reload);
    return () => void refreshers.delete(reload);
  }, [reload]);
  useEffect(() => {
    if (!key) return;
    let live = true;
    // Show what the device has at once, then what the hub says.
    void readCache(key).then((kept) => {
      if (live && kept) setState((s) => (s.data ? s : { data: kept.data as T, staleSince: kept.savedAt, error: null, loading: true }));
    });
    cachedRead(key, fetcher).then(
      (r) => live && setState({ data: r.data, staleSince: r.staleSince, error: null, loading: false }),
      (err: Error) => live && setState((s) => ({ ...s, error: err.message, loading: false })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  return { ...state, reload };
}
