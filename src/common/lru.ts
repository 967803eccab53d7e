/**
 * A Map that keeps at most `max` entries, the most recently used: `get` and `set` make an entry
 * the newest, and `set` past `max` forgets the oldest (a Map iterates in insertion order).
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value kept for `key` (undefined when none), now the most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
