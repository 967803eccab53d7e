import DataLoader from 'dataloader';
import type { Ctx } from '../context';

/**
 * Per-request DataLoaders without a central list: a module declares a factory once
 * (`export const sitesById = loader((ctx) => new DataLoader(...))`) and resolvers call
 * `sitesById(ctx).load(id)`. The loader lives in ctx.loaders, so each request (and each
 * transaction, which gets a fresh registry) has its own cache.
 */
export type LoaderRegistry = Map<unknown, DataLoader<unknown, unknown>>;

export function loader<K, V, C = K>(factory: (ctx: Ctx) => DataLoader<K, V, C>): (ctx: Ctx) => DataLoader<K, V, C> {
  return (ctx: Ctx) => {
    let l = ctx.loaders.get(factory) as DataLoader<K, V, C> | undefined;
    if (!l) {
      l = factory(ctx);
      ctx.loaders.set(factory, l as DataLoader<unknown, unknown>);
    }
    return l;
  };
}

/** Orders rows to match keys (DataLoader's contract); missing keys get `null`. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const r of rows) map.set(keyOf(r), r);
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups rows under their key, in key order (for one-to-many loaders). */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
