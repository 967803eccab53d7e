// PostGraphile 5 over the same database with its V4 preset (the same schema and the same nested
// query as 4.14 in bench/peer), read-only, production settings (no Ruru, no explain, no watch).
// Runs on the Node 22 of this folder's node_modules/.bin/node. Env: DATABASE_URL, PORT, POOL_SIZE.
// Started by scripts/bench.ts with --peer.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makeV4Preset } from 'postgraphile/presets/v4';

const preset = {
  extends: [
    PostGraphileAmberPreset,
    makeV4Preset({
      disableDefaultMutations: true,
      graphiql: false,
      dynamicJson: true,
      setofFunctionsContainNulls: false,
      ignoreRBAC: false,
    }),
  ],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: Number(process.env.POOL_SIZE ?? 10) } })],
  grafserv: { graphiql: false, watch: false, explain: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.once('listening', () => server.off('error', (e) => { throw e; }));
await serv.addTo(server);
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => process.stdout.write(`peer v5 listening ${server.address().port}\n`));
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => server.close(() => pgl.release().then(() => process.exit(0))));
