// PostGraphile 4.14 over the same database, read-only, production settings (no GraphiQL, no
// query log, no watch). Env: DATABASE_URL, PORT. Started by scripts/bench.ts with --peer.
const http = require('node:http');
const { postgraphile } = require('postgraphile');

const middleware = postgraphile(process.env.DATABASE_URL, 'public', {
  disableDefaultMutations: true,
  graphiql: false,
  disableQueryLog: true,
  watchPg: false,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  retryOnInitFail: false,
  extendedErrors: [],
  legacyRelations: 'omit',
});

const server = http.createServer(middleware);
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => process.stdout.write(`peer listening ${server.address().port}\n`));
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => server.close(() => process.exit(0)));
