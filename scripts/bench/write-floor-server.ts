/**
 * The WRITE FLOOR of the benchmark: a bare node:http + pg server that takes the bench's
 * fileInspection request (the same GraphQL body: 40 answers + 3 ad-hoc findings) and writes the
 * same rows the hub writes for it with ONE hand-written statement (data-modifying CTEs): the
 * idempotency key, the inspection (already SUBMITTED), its team's members, the 40 answers, the 3
 * findings and the 5 audit events (IN_PROGRESS, three raises, SUBMITTED). The tables' triggers
 * (tallies, day sets, the feed's pending overdue rows) fire for it as for the hub. It checks
 * nothing, authenticates no one and does not seal the audit chain (the hub's sealer appends
 * audit_seal rows after the commit, in its own statements). Scores, outcome and deadlines are
 * the bench filing's (all answers compliant; MAJOR 3 days, MINOR 7, as the HOTEL profile).
 * Env: DATABASE_URL, PORT, POOL_SIZE (10), BENCH_INSPECTOR (the filing account's username).
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10), application_name: 'epi-bench-write-floor' });
const DAYS: Record<string, number> = { CRITICAL: 1, MAJOR: 3, MINOR: 7 };

const SQL = `WITH
 idem AS (INSERT INTO idempotency_record (actor_id, operation, key, request_hash, result_id) VALUES ($7::uuid, 'fileInspection', $8, $9, $1::uuid)),
 ins AS (INSERT INTO inspection (id, site_id, team_id, checklist_version_id, status, started_at, submitted_at, submitted_by_id, filed_offline, received_at,
                                 score, points_earned, points_possible, outcome, pass_mark, profile_version, version)
         VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 'SUBMITTED', $5::timestamptz, $6::timestamptz, $7::uuid, true, now(), 100, 40, 40, 'PASS_WITH_FINDINGS', 80, 1, 2)),
 mem AS (INSERT INTO inspection_member (inspection_id, account_id, agency_id, is_leader)
         SELECT $1, tm.account_id, a.agency_id, tm.account_id = t.leader_id
           FROM team_member tm JOIN account a ON a.id = tm.account_id JOIN inspection_team t ON t.id = tm.team_id WHERE tm.team_id = $3),
 ans AS (INSERT INTO inspection_answer (inspection_id, item_code, not_applicable, bool_value, number_value, choice_value, note, passed, evidence_ids, answered_by_id, answered_at)
         SELECT $1, r.code, false, r.yes, r.num, r.choice, r.note, true, '[]'::jsonb, $7, now()
           FROM unnest($10::varchar[], $11::boolean[], $12::float8[], $13::text[], $14::text[]) AS r(code, yes, num, choice, note)),
 fnd AS (INSERT INTO finding (id, inspection_id, site_id, team_id, issuing_agency_id, raised_by_id, title, description, legal_basis, severity, status, raised_at, deadline, profile_version, evidence_ids)
         SELECT f.id, $1, $2, $3, $15, $7, f.title, f.description, f.legal, f.severity, 'OPEN', $6, $6::timestamptz + f.days * interval '1 day', 1, '[]'::jsonb
           FROM unnest($16::uuid[], $17::text[], $18::text[], $19::text[], $20::text[], $21::int[]) WITH ORDINALITY AS f(id, title, description, legal, severity, days, n)
         RETURNING id, severity, deadline),
 aud AS (INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes, request_id)
         SELECT $7, $22, 'INSPECTOR', e.action, e.type, e.entity, e.changes, $23
           FROM unnest($24::text[], $25::text[], $26::text[], $27::jsonb[]) WITH ORDINALITY AS e(action, type, entity, changes, n) ORDER BY e.n)
SELECT json_build_object('data', json_build_object('fileInspection', json_build_object('id', $1::uuid, 'status', 'SUBMITTED', 'outcome', 'PASS_WITH_FINDINGS', 'score', 100,
  'findings', (SELECT json_agg(json_build_object('id', f.id, 'severity', f.severity, 'deadline', to_char(f.deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) FROM fnd f))))::text AS body`;

interface Input {
  idempotencyKey: string;
  siteId: string;
  teamId: string;
  checklistVersionId: string;
  startedAt: string;
  submittedAt: string;
  answers: { itemCode: string; yes?: boolean; number?: number; choice?: string; note?: string }[];
  findings: { title: string; severity: string; description?: string; legalBasis?: string }[];
}

let actor: Promise<{ id: string; username: string; agency_id: string }> | null = null;
const actorOf = () =>
  (actor ??= pool.query(`SELECT id, username, agency_id FROM account WHERE username = $1`, [process.env.BENCH_INSPECTOR ?? 'scale-inspector-00001']).then((r) => {
    if (!r.rowCount) throw new Error('no bench inspector account');
    return r.rows[0];
  }));

async function file(input: Input): Promise<string> {
  const a = await actorOf();
  const { idempotencyKey, ...rest } = input;
  const id = randomUUID();
  const requestHash = createHash('sha256').update(JSON.stringify(rest)).digest('hex');
  const findingIds = input.findings.map(() => randomUUID());
  const change = (o: Record<string, unknown>, before: Record<string, unknown> = {}) =>
    JSON.stringify(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { after: v, before: before[k] ?? null }])));
  const deadline = (sev: string) => new Date(new Date(input.submittedAt).getTime() + DAYS[sev] * 86_400_000).toISOString();
  const audits = [
    ['inspection.in-progress', 'Inspection', id, change({ siteId: input.siteId, status: 'IN_PROGRESS', teamId: input.teamId, startedAt: input.startedAt, receivedAt: new Date().toISOString(), filedOffline: true, checklistVersionId: input.checklistVersionId })],
    ...input.findings.map((f, n) => ['finding.raise', 'Finding', findingIds[n], change({ siteId: input.siteId, status: 'OPEN', deadline: deadline(f.severity), severity: f.severity, inspectionId: id, profileVersion: 1 })]),
    ['inspection.submitted', 'Inspection', id, change({ score: 100, status: 'SUBMITTED', outcome: 'PASS_WITH_FINDINGS', passMark: 80, submittedAt: input.submittedAt, pointsEarned: 40, submittedById: a.id, pointsPossible: 40, profileVersion: 1 }, { status: 'IN_PROGRESS' })],
  ];
  const col = <T>(rows: T[][], n: number) => rows.map((r) => r[n]);
  const r = await pool.query({
    name: 'write-floor',
    text: SQL,
    values: [
      id, input.siteId, input.teamId, input.checklistVersionId, input.startedAt, input.submittedAt, a.id, idempotencyKey, requestHash,
      input.answers.map((x) => x.itemCode), input.answers.map((x) => x.yes ?? null), input.answers.map((x) => x.number ?? null), input.answers.map((x) => x.choice ?? null), input.answers.map((x) => x.note ?? null),
      a.agency_id, findingIds, input.findings.map((f) => f.title), input.findings.map((f) => f.description ?? null), input.findings.map((f) => f.legalBasis ?? null), input.findings.map((f) => f.severity), input.findings.map((f) => DAYS[f.severity]),
      a.username, randomUUID(), col(audits, 0), col(audits, 1), col(audits, 2), col(audits, 3),
    ],
  });
  return r.rows[0].body as string;
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(200).end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let input: Input;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString()).variables.input as Input;
    } catch {
      res.writeHead(400).end();
      return;
    }
    file(input).then(
      (body) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-sql-statements': '1' });
        res.end(body);
      },
      (err: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: err.message }] }));
      },
    );
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`write floor listening ${(server.address() as { port: number }).port}\n`);
});
for (const s of ['SIGTERM', 'SIGINT'] as const) process.on(s, () => server.close(() => pool.end().then(() => process.exit(0))));
