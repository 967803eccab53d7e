import path from 'node:path';
import type { Express } from 'express';
import express from 'express';

/**
 * GraphiQL served from node_modules, so the IDE works without internet access (Apollo's hosted
 * sandbox does not). Mounted only outside production.
 */
export const GRAPHIQL_PATH = '/graphiql';

export function mountGraphiql(app: Express, endpoint: string): void {
  const nm = path.dirname(require.resolve('graphiql/package.json')).replace(/graphiql$/, '');
  app.use('/ide/graphiql', express.static(path.join(nm, 'graphiql'), { index: false, maxAge: '1h' }));
  app.use('/ide/react', express.static(path.join(nm, 'react', 'umd'), { index: false, maxAge: '1h' }));
  app.use('/ide/react-dom', express.static(path.join(nm, 'react-dom', 'umd'), { index: false, maxAge: '1h' }));
  // The IDE has a path of its own: the field app (web/) is served at `/`, and GET /graphql stays the API's.
  app.get(GRAPHIQL_PATH, (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.type('html').send(page(endpoint));
  });
}

const page = (endpoint: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>Epidemic-prevention inspection hub · GraphiQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<link rel="stylesheet" href="/ide/graphiql/graphiql.min.css" />
<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/ide/react/react.production.min.js"></script>
<script src="/ide/react-dom/react-dom.production.min.js"></script>
<script src="/ide/graphiql/graphiql.min.js"></script>
<script>
const defaultQuery = \`# Sign in first (demo accounts: admin, command, inspector, manager, reviewer; password demo1234):
mutation Login {
  login(input: { username: "admin", password: "demo1234" }) {
    token
    account { username role }
  }
}
# Then put the token in the Headers tab below:
# { "Authorization": "Bearer <token>" }
# and try:
# query { me { username role } sites(first: 10) { totalCount nodes { id name kind district } } }
\`;
const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true, shouldPersistHeaders: true })
);
</script>
</body>
</html>`;
