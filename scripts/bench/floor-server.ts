/**
 * The FLOOR of the benchmark: a bare node:http + pg server that answers the nested read with ONE
 * hand-written json_agg statement (no GraphQL, no auth, no ORM). Whatever the hub does on top of
 * this is overhead. Env: DATABASE_URL, PORT, POOL_SIZE (10, as the hub's default pool).
 */
import http from 'node:http';
import { Pool } from 'pg';
import { floorSql } from './queries';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10), application_name: 'epi-bench-floor' });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    // The only "parsing": which of the two reads was asked for.
    const disputes = Buffer.concat(chunks).includes('disputes');
    pool.query({ text: floorSql(disputes), name: `floor-${disputes}` }).then(
      (r) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-sql-statements': '1' });
        res.end(r.rows[0].body);
      },
      (err: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: err.message }] }));
      },
    );
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`floor listening ${(server.address() as { port: number }).port}\n`);
});
for (const s of ['SIGTERM', 'SIGINT'] as const) process.on(s, () => server.close(() => pool.end().then(() => process.exit(0))));
