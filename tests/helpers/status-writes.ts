import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Finds code that writes a `status` column of the given tables other than through
 * src/common/state-machine.ts: raw SQL (`INSERT INTO t (… status …)`, `UPDATE t SET … status = …`),
 * TypeORM writes naming a status entity with a `status` key (`save`, `insert`, `update`, `upsert`,
 * `create`, `merge`, `preload`), query-builder `.set({ status })`, and `updateVersioned(…, { status })`.
 * A heuristic over the text, deliberately broad: a read that trips it should be reworded, not allowed.
 */
export interface StatusWrite {
  file: string;
  line: number;
  what: string;
}

/** Comments removed, line breaks kept (so line numbers still match). */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
}

/** The text of the call's arguments starting at `open` (the index of its opening parenthesis). */
function argsAt(src: string, open: number): string {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '(') depth++;
    else if (src[i] === ')' && --depth === 0) return src.slice(open + 1, i);
  }
  return src.slice(open + 1);
}

const STATUS_KEY = /(^|[\s{,])["']?status["']?\s*:/;
const STATUS_ASSIGN = /(^|[\s,"(])status"?\s*=/i;

export function findStatusWrites(file: string, source: string, tables: Set<string>, entities: Set<string>): StatusWrite[] {
  const src = stripComments(source);
  const out: StatusWrite[] = [];
  const lineOf = (idx: number) => src.slice(0, idx).split('\n').length;
  for (const m of src.matchAll(/\bINSERT\s+INTO\s+"?([\w$.{}]+)"?\s*\(([^)]*)\)/gi)) {
    const table = m[1].toLowerCase();
    if ((tables.has(table) || !/^\w+$/.test(table)) && /(^|[\s,"])status"?(\s*,|\s*$)/i.test(m[2])) out.push({ file, line: lineOf(m.index!), what: `INSERT INTO ${m[1]} (… status …)` });
  }
  for (const m of src.matchAll(/\bUPDATE\s+"?([\w$.{}]+)"?\s+(?:\w+\s+)?SET\b([\s\S]*?)(?:\bWHERE\b|\bFROM\b|\bRETURNING\b|`|$)/gi)) {
    const table = m[1].toLowerCase();
    if ((tables.has(table) || !/^\w+$/.test(table)) && STATUS_ASSIGN.test(m[2])) out.push({ file, line: lineOf(m.index!), what: `UPDATE ${m[1]} SET status` });
  }
  for (const m of src.matchAll(/\.(save|insert|update|upsert|create|merge|preload)\(\s*(\w+)\s*,/g)) {
    if (!entities.has(m[2])) continue;
    if (STATUS_KEY.test(argsAt(src, m.index! + m[1].length + 1))) out.push({ file, line: lineOf(m.index!), what: `${m[1]}(${m[2]}, { status })` });
  }
  for (const m of src.matchAll(/\.set\(\s*\{/g)) {
    if (STATUS_KEY.test(argsAt(src, m.index! + 4))) out.push({ file, line: lineOf(m.index!), what: 'query builder .set({ status })' });
  }
  for (const m of src.matchAll(/\bupdateVersioned\(/g)) {
    if (STATUS_KEY.test(argsAt(src, m.index! + 'updateVersioned'.length))) out.push({ file, line: lineOf(m.index!), what: 'updateVersioned(…, { status })' });
  }
  return out;
}

/** Every .ts file under `dir`. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

export function scanSources(root: string, srcDir: string, allowed: Set<string>, tables: Set<string>, entities: Set<string>): StatusWrite[] {
  return sourceFiles(srcDir)
    .map((p) => relative(root, p))
    .filter((f) => !allowed.has(f))
    .flatMap((f) => findStatusWrites(f, readFileSync(join(root, f), 'utf8'), tables, entities));
}
