import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The web app's two catalogues: a key written twice in one object silently loses the first
// string (JSON.parse keeps the last), and a key in one language only shows the raw key.
const dir = join(__dirname, '../../web/src/i18n');
const catalogues = ['zh-CN.json', 'en.json'];

/** Every key path written more than once in the same object of a JSON text. */
function duplicateKeys(text: string): string[] {
  const stack: { keys: Set<string>; path: string }[] = [];
  const found: string[] = [];
  let lastString: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      lastString = JSON.parse(text.slice(i, j + 1)) as string;
      i = j;
    } else if (c === ':' && lastString !== null) {
      const top = stack[stack.length - 1];
      const path = top.path + lastString;
      if (top.keys.has(lastString)) found.push(path);
      top.keys.add(lastString);
      const next = text.slice(i + 1).trimStart();
      if (next.startsWith('{')) stack.push({ keys: new Set(), path: `${path}.` });
      lastString = null;
    } else if (c === '{' && stack.length === 0) {
      stack.push({ keys: new Set(), path: '' });
    } else if (c === '}') {
      stack.pop();
    } else if (c === ',') {
      lastString = null;
    }
  }
  return found;
}

const keyPaths = (o: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keyPaths(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('web app catalogues', () => {
  it.each(catalogues)('%s writes no key twice in one object', (file) => {
    expect(duplicateKeys(readFileSync(join(dir, file), 'utf8'))).toEqual([]);
  });

  it('finds a key written twice (the check itself)', () => {
    expect(duplicateKeys('{"a": {"b": "x", "c": {"b": "y"}, "b": "z"}, "d": "w"}')).toEqual(['a.b']);
  });

  it('both languages have the same keys', () => {
    const [zh, en] = catalogues.map((f) => new Set(keyPaths(JSON.parse(readFileSync(join(dir, f), 'utf8')))));
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
  });
});
