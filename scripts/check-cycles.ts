/**
 * Fails when src/modules/* folders import each other in a cycle (type imports count).
 *
 *   npm run check:cycles        (also part of `npm run typecheck`)
 *
 * dependency-cruiser reads the import graph (with type-only imports); each file is then collapsed
 * to its unit, a module folder (src/modules/site), another folder of src (src/common,
 * src/read-compiler) or a file directly in src (src/context.ts), and any strongly connected
 * set of units that holds a module folder is reported with one import per step. So a cycle
 * through a shared file (a module → src/context.ts → another module → …) counts too.
 * src/generated is left out: it is codegen's output, the schema's types, which import every
 * module's mapper types by construction (scripts/codegen.ts).
 */
import { relative } from 'node:path';

const ROOT = relative(process.cwd(), `${__dirname}/..`) || '.';

function unitOf(path: string): string | null {
  const m = /^src\/modules\/[^/]+(?=\/)|^src\/[^/]+(?=\/)|^src\/[^/]+$/.exec(path);
  return m ? m[0] : null;
}

async function main() {
  const { cruise } = await import('dependency-cruiser');
  const result = await cruise([`${ROOT}/src`], {
    tsPreCompilationDeps: true,
    exclude: { path: '^src/generated/' },
    doNotFollow: { path: 'node_modules' },
    baseDir: ROOT,
  });
  if (typeof result.output === 'string') throw new Error('dependency-cruiser returned text, not a graph');

  /** unit → unit it imports → one example import (file → file). */
  const edges = new Map<string, Map<string, string>>();
  for (const mod of result.output.modules) {
    const from = unitOf(mod.source);
    if (!from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    for (const dep of mod.dependencies) {
      const to = unitOf(dep.resolved);
      if (!to || to === from || to.startsWith('src/generated')) continue;
      const out = edges.get(from)!;
      if (!out.has(to)) out.set(to, `${mod.source} → ${dep.resolved}${dep.dependencyTypes.includes('type-only') ? ' (type)' : ''}`);
    }
  }

  // Tarjan's strongly connected components.
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next), low.set(v, next++), stack.push(v), onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) visit(w), low.set(v, Math.min(low.get(v)!, low.get(w)!));
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do (w = stack.pop()!), onStack.delete(w), c.push(w);
      while (w !== v);
      components.push(c);
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);

  const knots = components.filter((c) => c.length > 1 && c.some((u) => u.startsWith('src/modules/')));
  for (const c of knots) {
    const inC = new Set(c);
    const start = c.filter((u) => u.startsWith('src/modules/')).sort()[0];
    // The shortest way back to `start` inside the component, by breadth-first search.
    const prev = new Map<string, string>();
    const queue = [start];
    let closing: string | null = null;
    while (queue.length && !closing) {
      const v = queue.shift()!;
      for (const w of edges.get(v)?.keys() ?? []) {
        if (!inC.has(w)) continue;
        if (w === start) { closing = v; break; }
        if (!prev.has(w)) prev.set(w, v), queue.push(w);
      }
    }
    const path = [start];
    for (let v = closing!; v !== start; v = prev.get(v)!) path.splice(1, 0, v);
    path.push(start);
    console.error(`import cycle among ${c.sort().join(', ')}; for example:`);
    for (let n = 0; n + 1 < path.length; n++) console.error(`  ${path[n]} → ${path[n + 1]}: ${edges.get(path[n])!.get(path[n + 1])}`);
  }
  if (knots.length) {
    console.error(`\n${knots.length} import cycle(s) through src/modules: move what both sides need to src/common, or invert the dependency.`);
    process.exit(1);
  }
  console.log(`check:cycles: no import cycle through src/modules (${result.output.modules.filter((m) => m.source.startsWith('src/')).length} files)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
