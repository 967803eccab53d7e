import type { Ctx } from '../../context';
import { requireActor } from '../../common/authorize';
import { canSeeSite } from '../../common/access';
import { AppError, badInput, notFound } from '../../common/errors';
import { transition } from '../../common/state-machine';
import { ChecklistItem, ChecklistTemplate, ChecklistVersion } from '../checklist/checklist.entity';
import { Site } from '../site/site.entity';
import type { StandardProfile } from '../checklist/standard-profile.entity';
import { Finding, SETTLED_STATUSES } from '../finding/finding.entity';
import { Inspection, InspectionAnswer, type InspectionStatus } from './inspection.entity';
import { INSPECTION_MACHINE } from './inspection.state';
import { In, Not } from 'typeorm';
import type { AnswerItem, AnswerRow } from './answers';
import type { EvidenceLink } from '../attachment/attachment.service';
import { assertInTransaction } from '../../common/transaction';
import { preparedName, queryNamed } from '../../common/prepared';
import { actorCheckSql, actorChecked } from '../account/remembered-actor';
import type { IdempotencyRecord, SingleStatementClaim } from '../idempotency/idempotency.service';
import { Lru } from '../../common/lru';

/** Locks an inspection for a state change; missing or out of the actor's scope is NOT_FOUND. */
export async function lockInspection(tx: Ctx, id: string): Promise<Inspection> {
  const actor = requireActor(tx);
  const i = await tx.em.findOne(Inspection, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!i || !canSeeSite(actor, i.siteId)) throw notFound('inspection', id);
  return i;
}

/** Moves an inspection (locked by the caller) through `transition`; returns the updated row. */
export async function moveInspection(tx: Ctx, i: Inspection, to: InspectionStatus, changes: Partial<Inspection>, scope: { teamId?: string } = {}): Promise<Inspection> {
  return transition(tx, INSPECTION_MACHINE, i, { to, changes }, { scope });
}

/** The active site, for scheduling or filing. */
export async function activeSite(tx: Ctx, siteId: string, field: string): Promise<Site> {
  return assertActiveSite(tx, await tx.em.findOneBy(Site, { id: siteId }), siteId, field);
}

/** activeSite's checks on a site already loaded (null: there is none). */
export function assertActiveSite<S extends Pick<Site, 'id' | 'name' | 'status'>>(tx: Ctx, site: S | null, siteId: string, field: string): S {
  if (!site || !canSeeSite(requireActor(tx), site.id)) throw badInput(field, `no site ${siteId}`);
  if (site.status !== 'ACTIVE') throw badInput(field, `site ${site.name} is closed`);
  return site;
}

/** A published version whose checklist is meant for the site's kind. */
export async function usableVersion(tx: Ctx, versionId: string, site: Site, field: string): Promise<ChecklistVersion> {
  const v = await tx.em.findOneBy(ChecklistVersion, { id: versionId });
  if (!v) throw badInput(field, `no checklist version ${versionId}`);
  assertPublished(v, field);
  assertVersionFor(await tx.em.findOneByOrFail(ChecklistTemplate, { id: v.templateId }), site, field);
  return v;
}

const assertPublished = (v: Pick<ChecklistVersion, 'status'>, field: string) => {
  if (v.status !== 'PUBLISHED') throw badInput(field, 'only a published checklist version can be used');
};
const assertVersionFor = (t: Pick<ChecklistTemplate, 'code' | 'siteKinds'>, site: Pick<Site, 'kind'>, field: string) => {
  if (!t.siteKinds.includes(site.kind)) throw badInput(field, `checklist ${t.code} is not for ${site.kind} sites`);
};

export const versionItems = (tx: Ctx, versionId: string) => tx.em.find(ChecklistItem, { where: { versionId }, order: { position: 'ASC' } });

export const storedAnswers = (tx: Ctx, inspectionId: string) => tx.em.find(InspectionAnswer, { where: { inspectionId } });

/** Records the team's members and their agencies on the inspection (joint inspection). */
export async function recordMembers(tx: Ctx, inspectionId: string, teamId: string): Promise<void> {
  await tx.em.query(
    `INSERT INTO inspection_member (inspection_id, account_id, agency_id, is_leader)
     SELECT $1, tm.account_id, a.agency_id, tm.account_id = t.leader_id
       FROM team_member tm JOIN account a ON a.id = tm.account_id JOIN inspection_team t ON t.id = tm.team_id
      WHERE tm.team_id = $2
     ON CONFLICT DO NOTHING`,
    [inspectionId, teamId],
  );
}

/** A link target (previous or corrected inspection): same site, already submitted. */
export async function submittedOfSite(tx: Ctx, id: string, siteId: string, field: string): Promise<Inspection> {
  return assertSubmittedOfSite(await tx.em.findOneBy(Inspection, { id }), id, siteId, field);
}

/** submittedOfSite's checks on an inspection already loaded (null: there is none). */
export function assertSubmittedOfSite<I extends Pick<Inspection, 'siteId' | 'status'>>(i: I | null, id: string, siteId: string, field: string): I {
  if (!i || i.siteId !== siteId) throw badInput(field, `no inspection ${id} of this site`);
  if (i.status !== 'SUBMITTED' && i.status !== 'CLOSED') throw badInput(field, 'only a submitted inspection can be followed up or corrected');
  return i;
}

/** CLOSED once submitted and every finding is settled (verified or withdrawn). */
export async function closeIfSettled(tx: Ctx, inspectionId: string): Promise<void> {
  const i = await tx.em.findOne(Inspection, { where: { id: inspectionId }, lock: { mode: 'pessimistic_write' } });
  if (!i || i.status !== 'SUBMITTED') return;
  const open = await tx.em.count(Finding, { where: { inspectionId, status: Not(In(SETTLED_STATUSES)) } });
  if (open === 0) await moveInspection(tx, i, 'CLOSED', { closedAt: tx.now() });
}

export function assertStatus(i: Inspection, allowed: InspectionStatus[], what: string) {
  if (!allowed.includes(i.status)) throw new AppError('INVALID_TRANSITION', `${what} only while the inspection is ${allowed.join(' or ')}; it is ${i.status}`, { from: i.status });
}

/** An item as filing needs it: checking answers, scoring, titling the findings of failed items. */
export type FilingItem = AnswerItem & Pick<ChecklistItem, 'promptZh' | 'promptEn'>;

/** A profile as filing needs it: the pass mark, mandatory evidence, deadlines, its version. */
export type FilingProfile = Pick<StandardProfile, 'siteKind' | 'passMark' | 'evidenceMandatory' | 'version' | 'criticalDeadlineHours' | 'majorDeadlineHours' | 'minorDeadlineHours'>;

/** Everything filing an inspection checks against, as one read (null where there is none). */
export interface FilingContext {
  site: Pick<Site, 'id' | 'name' | 'kind' | 'status'> | null;
  /** The profile of the site's kind. */
  profile: FilingProfile | null;
  team: { id: string; active: boolean } | null;
  version: { id: string; status: ChecklistVersion['status']; template: Pick<ChecklistTemplate, 'code' | 'siteKinds'> } | null;
  /** The version's items in position order. */
  items: FilingItem[];
  previous: Pick<Inspection, 'id' | 'siteId' | 'status'> | null;
  corrects: Pick<Inspection, 'id' | 'siteId' | 'status'> | null;
  /** With `claim`: the idempotency key's record, if any. */
  earlier?: IdempotencyRecord | null;
}

/**
 * Loads what filing checks (site, its kind's profile, team, checklist version with its template
 * and items, linked inspections) in one statement; the caller runs the checks, in its order.
 * With `claim`, the same statement reads the idempotency key's record (`earlier`).
 */
export async function filingContext(
  tx: Ctx,
  ids: { siteId: string; teamId: string | null; versionId: string; previousId: string | null; correctsId: string | null },
  claim?: SingleStatementClaim,
): Promise<FilingContext> {
  return filingContextRead(tx, ids, claim, null);
}

/**
 * filingContext for a SCHEDULED inspection's filing, in the same one statement: the inspection
 * (every column, as `s.<property>`: `scheduled`, null when there is none), and what the checks
 * need of its site and version, read through it. Nothing is locked: the write is conditional on
 * the status and version read here.
 */
export async function scheduledFilingContext(tx: Ctx, inspectionId: string, claim: SingleStatementClaim): Promise<FilingContext & { scheduled: Record<string, unknown> }> {
  return filingContextRead(tx, { siteId: null, teamId: null, versionId: null, previousId: null, correctsId: null }, claim, inspectionId) as Promise<FilingContext & { scheduled: Record<string, unknown> }>;
}

async function filingContextRead(
  tx: Ctx,
  ids: { siteId: string | null; teamId: string | null; versionId: string | null; previousId: string | null; correctsId: string | null },
  claim: SingleStatementClaim | undefined,
  scheduledId: string | null,
): Promise<FilingContext> {
  const params: unknown[] = [ids.siteId, ids.teamId, ids.versionId, ids.previousId, ids.correctsId];
  const earlier = claim ? `, ${claim.recordSql(params)} AS earlier` : '';
  // A remembered actor (src/modules/account/remembered-actor.ts): confirmed by this read, not a lookup first.
  const check = actorCheckSql(tx, params);
  const actorOk = check ? `, ${check} AS "actorUnchanged"` : '';
  const linked = (p: string) => `(SELECT json_build_object('id', i.id, 'siteId', i.site_id, 'status', i.status) FROM inspection i WHERE i.id = ${p}::uuid)`;
  // A published version and its items never change (migration ChecklistsAndProfiles' triggers):
  // once read, they are not read again.
  const known = ids.versionId ? publishedVersion(tx, ids.versionId) : null;
  // A scheduled inspection's site and version are its own: read through it.
  const site = scheduledId ? 's.site_id' : '$1::uuid';
  const ver = scheduledId ? 's.checklist_version_id' : '$3::uuid';
  const from = scheduledId ? ` FROM (SELECT 1) AS one LEFT JOIN inspection s ON s.id = $${params.push(scheduledId)}::uuid` : '';
  const scheduledCols = scheduledId ? `${inspectionColumnsAs(tx, 's.')}, ` : '';
  const versionAndItems = known
    ? `$3::uuid AS "versionId"`
    : `(SELECT json_build_object('id', v.id, 'status', v.status, 'template', json_build_object('code', ct.code, 'siteKinds', ct.site_kinds))
          FROM checklist_version v JOIN checklist_template ct ON ct.id = v.template_id WHERE v.id = ${ver}) AS version,
       (SELECT coalesce(json_agg(json_build_object('code', ci.code, 'promptZh', ci.prompt_zh, 'promptEn', ci.prompt_en, 'severity', ci.severity, 'answerType', ci.answer_type,
                'weight', ci.weight, 'minValue', ci.min_value, 'maxValue', ci.max_value, 'choices', ci.choices, 'siteKinds', ci.site_kinds, 'evidenceRequired', ci.evidence_required)
                ORDER BY ci.position), '[]'::json)
          FROM checklist_item ci WHERE ci.version_id = ${ver}) AS items${scheduledId ? ', $1::uuid AS "siteParam", $3::uuid AS "versionParam"' : ''}`;
  const [row] = await queryByText<FilingContext>(
    tx,
    `SELECT ${scheduledCols}
       ${siteSql(site)} AS site,
       ${profileSql(site)} AS profile,
       ${teamSql('$2::uuid')} AS team,
       ${versionAndItems},
       ${linked('$4')} AS previous,
       ${linked('$5')} AS corrects${earlier}${actorOk}${from}`,
    params,
  );
  if (check) actorChecked(tx, (row as FilingContext & { actorUnchanged: boolean }).actorUnchanged);
  if (scheduledId) {
    const r = row as FilingContext & Record<string, unknown>;
    const scheduled: Record<string, unknown> = {};
    for (const k of Object.keys(r)) if (k.startsWith('s.')) scheduled[k.slice(2)] = r[k];
    if (r.version?.status === 'PUBLISHED') rememberPublished(tx, r.version, r.items);
    return { ...row, scheduled } as FilingContext;
  }
  if (known) return { ...row, version: known.version, items: known.items };
  if (row.version?.status === 'PUBLISHED') rememberPublished(tx, row.version, row.items);
  return row;
}

/** What the checks read of a site (`site`: SQL naming its id), of its kind's profile and of a team. */
const siteSql = (site: string) => `(SELECT json_build_object('id', x.id, 'name', x.name, 'kind', x.kind, 'status', x.status) FROM site x WHERE x.id = ${site})`;
const profileSql = (site: string) => `(SELECT json_build_object('siteKind', p.site_kind, 'passMark', p.pass_mark, 'evidenceMandatory', p.evidence_mandatory, 'version', p.version,
                'criticalDeadlineHours', p.critical_deadline_hours, 'majorDeadlineHours', p.major_deadline_hours, 'minorDeadlineHours', p.minor_deadline_hours)
          FROM site x JOIN standard_profile p ON p.site_kind = x.kind WHERE x.id = ${site})`;
const teamSql = (team: string) => `(SELECT json_build_object('id', t.id, 'active', t.active) FROM inspection_team t WHERE t.id = ${team})`;

/**
 * What unscheduled filings last read of sites, of their kinds' profiles and of teams, per data
 * source, the most recently used kept: a filing whose site and team are both kept checks against
 * them without reading, and its write is gated on them being still so (`stillAsRememberedSql`);
 * when they are not, the write writes nothing and the filing goes the way with the read. Only
 * remembered after a filing that passed every check with them. A few hundred bytes a site.
 */
export type RememberedFiling = Pick<FilingContext, 'site' | 'profile' | 'team'>;
type Kept = {
  sites: Lru<string, NonNullable<FilingContext['site']>>;
  profiles: Lru<string, NonNullable<FilingContext['profile']>>;
  teams: Lru<string, NonNullable<FilingContext['team']>>;
};
const rememberedFilings = new WeakMap<object, Kept>();

/** The context of a filing of the site by the team with a kept published version, from what is remembered; null when something is not. */
export function rememberedFilingContext(tx: Ctx, siteId: string, teamId: string, versionId: string): FilingContext | null {
  const k = rememberedFilings.get(tx.ds);
  const site = k?.sites.get(siteId);
  const profile = site && k!.profiles.get(site.kind);
  const team = profile && k!.teams.get(teamId);
  const version = team ? publishedVersion(tx, versionId) : null;
  if (!site || !profile || !team || !version) return null;
  return { site, profile, team, version: version.version, items: version.items, previous: null, corrects: null };
}

export function rememberFiling(tx: Ctx, c: RememberedFiling): void {
  if (!c.site || !c.profile || !c.team) return;
  let k = rememberedFilings.get(tx.ds);
  if (!k) rememberedFilings.set(tx.ds, (k = { sites: new Lru(50_000), profiles: new Lru(64), teams: new Lru(5_000) }));
  k.sites.set(c.site.id, Object.freeze(c.site));
  k.profiles.set(c.site.kind, Object.freeze(c.profile));
  k.teams.set(c.team.id, Object.freeze(c.team));
}

/**
 * SQL true when the site, its kind's profile and the team read now are what `c` remembers (the
 * read's own expressions, compared as jsonb) and, for a remembered actor, the account is
 * unchanged too (the read's check); parameters appended to `params`. Returns the condition and
 * whether it confirms the actor.
 */
export function stillAsRememberedSql(tx: Ctx, params: unknown[], siteId: string, teamId: string, c: RememberedFiling): { sql: string; confirmsActor: boolean } {
  const p = (v: unknown) => `$${params.push(v)}`;
  const site = `${p(siteId)}::uuid`;
  const same = (sql: string, v: unknown) => `${sql}::jsonb = ${p(JSON.stringify(v))}::jsonb`;
  const actor = actorCheckSql(tx, params);
  const sql = [same(siteSql(site), c.site), same(profileSql(site), c.profile), same(teamSql(`${p(teamId)}::uuid`), c.team), ...(actor ? [actor] : [])].join(' AND ');
  return { sql, confirmsActor: actor !== null };
}

/**
 * Published checklist versions (with their template's code and site kinds) and their items, as
 * filingContext read them, per data source, the most recently used kept: a published version
 * and its items never change (the database refuses it), so they are read once, not with every
 * filing (40 items as JSON were most of the checks' read). Callers do not modify them.
 */
const published = new WeakMap<object, Lru<string, { version: NonNullable<FilingContext['version']>; items: FilingItem[] }>>();
function publishedVersion(tx: Ctx, id: string) {
  return published.get(tx.ds)?.get(id) ?? null;
}
function rememberPublished(tx: Ctx, version: NonNullable<FilingContext['version']>, items: FilingItem[]) {
  let m = published.get(tx.ds);
  if (!m) published.set(tx.ds, (m = new Lru(200)));
  for (const it of items) Object.freeze(it); // shared by every later filing: read, never changed
  m.set(version.id, { version: Object.freeze(version), items: Object.freeze(items) as FilingItem[] });
}

/**
 * A filing's statement (the checks' read, the one write) as a NAMED prepared statement, named
 * after its text: each pooled connection parses and plans each of the few texts once, where an
 * unnamed statement is planned again every time (for the write's seven CTEs, about as much
 * PostgreSQL CPU as running it). Inside a transaction, or with PREPARED_STATEMENTS=false, through
 * TypeORM unnamed (`queryNamed`). Every parameter of these texts carries its type.
 */
export function queryByText<T = Record<string, unknown>>(tx: Ctx, text: string, values: unknown[]): Promise<T[]> {
  return queryNamed<T>(tx.em, tx.config?.preparedStatements === false ? null : preparedName('epi_filing', text), text, values);
}

/** Every column of an inspection as `"<prefix><property>"` (a SELECT list over alias `s`). */
function inspectionColumnsAs(tx: Ctx, prefix: string): string {
  return tx.em.connection
    .getMetadata(Inspection)
    .columns.map((c) => `s."${c.databaseName}" AS "${prefix}${c.propertyName}"`)
    .join(', ');
}

/** usableVersion's checks on a version loaded by filingContext. */
export function assertUsableVersion(v: FilingContext['version'], versionId: string, site: Pick<Site, 'kind'>, field: string): void {
  if (!v) throw badInput(field, `no checklist version ${versionId}`);
  assertPublished(v, field);
  assertVersionFor(v.template, site, field);
}

/**
 * fileInspection's rows besides the inspection and its findings, as three INSERTs for
 * data-modifying CTEs (parameters appended to `params`): the team's members (recordMembers), the
 * answers (insertAnswers, without replacing: a filed inspection has none yet; RETURNING 1 a row
 * each) and the evidence links of the answers and findings (insertEvidenceLinks). `where` (SQL,
 * optional) gates each of them. The answers must go in before the inspection is submitted (the
 * answers' trigger refuses them after).
 */
export function filingRowsSql(tx: Ctx, params: unknown[], inspectionId: string, teamId: string, rows: AnswerRow[], links: EvidenceLink[], where?: string): { members: string; answers: string; links: string } {
  const p = (v: unknown) => `$${params.push(v)}`;
  const col = <K extends keyof AnswerRow>(k: K) => p(rows.map((r) => r[k]));
  const and = where ? ` AND ${where}` : '';
  const l = links.flatMap((x) => x.attachmentIds.map((a) => [a, x.entityType, x.entityId, x.siteId] as const));
  const id = p(inspectionId);
  const now = p(tx.now());
  return {
    members: `INSERT INTO inspection_member (inspection_id, account_id, agency_id, is_leader)
       SELECT ${id}::uuid, tm.account_id, a.agency_id, tm.account_id = t.leader_id
         FROM team_member tm JOIN account a ON a.id = tm.account_id JOIN inspection_team t ON t.id = tm.team_id
        WHERE tm.team_id = ${p(teamId)}::uuid${and}
       ON CONFLICT DO NOTHING`,
    answers: `INSERT INTO inspection_answer (inspection_id, item_code, not_applicable, bool_value, number_value, choice_value, text_value, note, passed, evidence_ids, answered_by_id, answered_at)
       SELECT ${id}::uuid, r.item_code, r.not_applicable, r.bool_value, r.number_value, r.choice_value, r.text_value, r.note, r.passed, r.evidence_ids, ${p(requireActor(tx).id)}::uuid, ${now}::timestamptz
         FROM unnest(${col('itemCode')}::varchar[], ${col('notApplicable')}::boolean[], ${col('boolValue')}::boolean[], ${col('numberValue')}::double precision[], ${col('choiceValue')}::text[], ${col('textValue')}::text[], ${col('note')}::text[], ${col('passed')}::boolean[], ${p(rows.map((r) => JSON.stringify(r.evidenceIds)))}::jsonb[])
              AS r(item_code, not_applicable, bool_value, number_value, choice_value, text_value, note, passed, evidence_ids)
        ${where ? `WHERE ${where}` : ''}
       RETURNING 1`,
    links: `INSERT INTO attachment_link (attachment_id, entity_type, entity_id, site_id, linked_at)
       SELECT t.attachment_id, t.entity_type, t.entity_id, t.site_id, ${now}::timestamptz
         FROM unnest(${p(l.map((r) => r[0]))}::uuid[], ${p(l.map((r) => r[1]))}::varchar[], ${p(l.map((r) => r[2]))}::uuid[], ${p(l.map((r) => r[3]))}::uuid[]) AS t(attachment_id, entity_type, entity_id, site_id)
        ${where ? `WHERE ${where}` : ''}
       ON CONFLICT DO NOTHING`,
  };
}

/**
 * fileInspection's rows besides the inspection and its findings, in one statement (filingRowsSql).
 * The inspection must exist and not be submitted (the answers' trigger refuses them after).
 */
export async function insertFilingRows(tx: Ctx, inspectionId: string, teamId: string, rows: AnswerRow[], links: EvidenceLink[]): Promise<void> {
  assertInTransaction(tx);
  const params: unknown[] = [];
  const q = filingRowsSql(tx, params, inspectionId, teamId, rows, links);
  await tx.em.query(`WITH members AS (${q.members}), answers AS (${q.answers}) ${q.links}`, params);
}

/**
 * Writes answers in one statement (what `upsertAnswers` writes, without its evidence link): a
 * later answer to the same item replaces the earlier one. The inspection must not be submitted.
 */
export async function insertAnswers(tx: Ctx, inspectionId: string, rows: AnswerRow[]): Promise<void> {
  if (!rows.length) return;
  const col = <K extends keyof AnswerRow>(k: K) => rows.map((r) => r[k]);
  await tx.em.query(
    `INSERT INTO inspection_answer (inspection_id, item_code, not_applicable, bool_value, number_value, choice_value, text_value, note, passed, evidence_ids, answered_by_id, answered_at)
     SELECT $1::uuid, r.item_code, r.not_applicable, r.bool_value, r.number_value, r.choice_value, r.text_value, r.note, r.passed, r.evidence_ids, $2::uuid, $3::timestamptz
       FROM unnest($4::varchar[], $5::boolean[], $6::boolean[], $7::double precision[], $8::text[], $9::text[], $10::text[], $11::boolean[], $12::jsonb[])
            AS r(item_code, not_applicable, bool_value, number_value, choice_value, text_value, note, passed, evidence_ids)
     ON CONFLICT (inspection_id, item_code) DO UPDATE SET
       not_applicable = EXCLUDED.not_applicable, bool_value = EXCLUDED.bool_value, number_value = EXCLUDED.number_value, choice_value = EXCLUDED.choice_value,
       text_value = EXCLUDED.text_value, note = EXCLUDED.note, passed = EXCLUDED.passed, evidence_ids = EXCLUDED.evidence_ids,
       answered_by_id = EXCLUDED.answered_by_id, answered_at = EXCLUDED.answered_at`,
    [
      inspectionId,
      requireActor(tx).id,
      tx.now(),
      col('itemCode'),
      col('notApplicable'),
      col('boolValue'),
      col('numberValue'),
      col('choiceValue'),
      col('textValue'),
      col('note'),
      col('passed'),
      rows.map((r) => JSON.stringify(r.evidenceIds)),
    ],
  );
}
