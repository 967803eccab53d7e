/**
 * Node milliseconds the read compiler spends compiling the benchmark's nested read once (no
 * cache: compileOperation itself, 2,000 times after 200 to warm up), in the checkout DIR:
 *   DATABASE_URL=… npx tsx scripts/bench/compile-probe.ts [DIR]
 * What the executor's compile cache saves a repeated operation (src/read-compiler/executor.ts).
 */
import path from 'node:path';
import pino from 'pino';
import { parse, Kind, type OperationDefinitionNode } from 'graphql';
const dir = path.resolve(process.argv[2] ?? '.');
async function main() {
  const { loadConfig } = await import(`${dir}/src/config`);
  const { makeDataSource } = await import(`${dir}/src/db/data-source`);
  const { createServer } = await import(`${dir}/src/server`);
  const { compileOperation } = await import(`${dir}/src/read-compiler/compiler`);
  const { buildSchema } = await import(`${dir}/src/schema`);
  const { readCompilerRegistry } = await import(`${dir}/src/read-compiler-registry`);
  const { SCALE_USERS } = await import(`${dir}/scripts/scale/presets`);
  const { JWT_SECRET, login } = await import(`${dir}/scripts/bench/hub`);
  const { NESTED_READ } = await import(`${dir}/scripts/bench/queries`);
  const url = process.env.DATABASE_URL!;
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'warn', JWT_SECRET, DATA_DIR: '/tmp/epi-bench-data' });
  const ds = makeDataSource({ url, poolSize: 4 });
  await ds.initialize();
  const server = await createServer({ config, ds, log: pino({ level: 'warn' }) });
  const g = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  const token = await login(g, SCALE_USERS.command);
  const ctx = await server.contextFor({ get: (h: string) => (h === 'authorization' ? `Bearer ${token}` : undefined), ip: '127.0.0.1', socket: {} } as any);
  const doc = parse(NESTED_READ);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const schema = buildSchema();
  for (let i = 0; i < 200; i++) compileOperation(ctx, schema, readCompilerRegistry, op, {}, {});
  const t = process.hrtime.bigint();
  const n = 2000;
  let r;
  for (let i = 0; i < n; i++) r = compileOperation(ctx, schema, readCompilerRegistry, op, {}, {});
  console.log('compiled', !!r, 'ms per compile', Number(process.hrtime.bigint() - t) / 1e6 / n);
  await server.stop();
  await ds.destroy();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
