import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startNode, type Proc } from './procs';

/** The same reads in PostGraphile 4's default inflection (relations by foreign key). */
export const PEER_READ = `{ allSites(first: 50, orderBy: [NAME_ASC, ID_ASC]) { nodes { id name inspectionsBySiteId(first: 10, orderBy: [CREATED_AT_DESC, ID_DESC]) { nodes { id outcome findingsByInspectionId(orderBy: [RAISED_AT_ASC, ID_ASC]) { nodes { id severity status } } } } } } }`;
export const PEER_READ_DISPUTES = `{ allSites(first: 50, orderBy: [NAME_ASC, ID_ASC]) { nodes { id name inspectionsBySiteId(first: 10, orderBy: [CREATED_AT_DESC, ID_DESC]) { nodes { id outcome findingsByInspectionId(orderBy: [RAISED_AT_ASC, ID_ASC]) { nodes { id severity status disputesByFindingId(orderBy: [LODGED_AT_ASC, ID_ASC]) { nodes { id status outcome } } } } } } } } }`;

const RENAME: Record<string, string> = { allSites: 'sites', inspectionsBySiteId: 'inspections', findingsByInspectionId: 'findings', disputesByFindingId: 'disputes' };

/** PostGraphile's answer in the hub's shape (connections' nodes inlined, fields renamed). */
export function peerToHubShape(v: unknown, top = true): unknown {
  if (Array.isArray(v)) return v.map((x) => peerToHubShape(x, false));
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const name = RENAME[k] ?? k;
    const inner = name !== k && !(top && k === 'allSites') ? (x as { nodes: unknown }).nodes : x;
    out[name] = peerToHubShape(inner, false);
  }
  return out;
}

const peerReady = async (u: string) => (await fetch(`${u}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' })).ok;

/** PostGraphile 4.14, installed separately under bench/peer (npm install --prefix bench/peer). */
export async function startPeer(databaseUrl: string): Promise<Proc> {
  const dir = path.join(ROOT, 'bench', 'peer');
  if (!fs.existsSync(path.join(dir, 'node_modules', 'postgraphile'))) throw new Error('--peer: PostGraphile is not installed; run npm install --prefix bench/peer');
  return startNode('peer', 'server.js', { DATABASE_URL: databaseUrl }, peerReady, { cwd: dir, args: ['server.js'] });
}

/** Where PostGraphile 5 and its Node 22 are installed (npm install --prefix bench/peer-v5). */
export function peerV5Installed(): boolean {
  const dir = path.join(ROOT, 'bench', 'peer-v5');
  return fs.existsSync(path.join(dir, 'node_modules', 'postgraphile')) && fs.existsSync(path.join(dir, 'node_modules', '.bin', 'node'));
}

/**
 * PostGraphile 5 with its V4 preset (same schema, same query as 4.14), installed separately
 * under bench/peer-v5 with the npm registry's node@22 package, and run on that Node 22.
 */
export async function startPeerV5(databaseUrl: string): Promise<Proc> {
  const dir = path.join(ROOT, 'bench', 'peer-v5');
  if (!peerV5Installed()) throw new Error('--peer: PostGraphile 5 is not installed; run npm install --prefix bench/peer-v5');
  const exec = fs.realpathSync(path.join(dir, 'node_modules', '.bin', 'node'));
  return startNode('peer-v5', 'server.mjs', { DATABASE_URL: databaseUrl, NODE_ENV: 'production' }, peerReady, { cwd: dir, args: ['server.mjs'], exec });
}
