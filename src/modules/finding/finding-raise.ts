import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context';
import { AppError } from '../../common/errors';
import { assertInTransaction } from '../../common/transaction';
import { recordAudits, type AuditInput } from '../audit/audit.service';
import { insertEvidenceLinks, linkAudits, type EvidenceLink } from '../attachment/attachment.service';
import type { Severity } from '../checklist/checklist.entity';
import { StandardProfile } from '../checklist/standard-profile.entity';
import { deadlineHours } from '../checklist/standard-profile.service';
import { Finding } from './finding.entity';

/** The inspection findings are raised on (the inspection module's row; only these columns are read). */
interface RaisedOn {
  id: string;
  siteId: string;
  teamId: string;
}

export interface FindingSpec {
  itemCode: string | null;
  title: string;
  description: string | null;
  legalBasis: string | null;
  severity: Severity;
  evidenceIds: string[];
}

/** What raising findings needs of a profile (a StandardProfile row fits). */
export type FindingProfile = Pick<StandardProfile, 'version' | 'criticalDeadlineHours' | 'majorDeadlineHours' | 'minorDeadlineHours'>;

/** The profile of a site kind, read in the caller's transaction. */
export async function profileFor(tx: Ctx, siteKind: string): Promise<StandardProfile> {
  const p = await tx.em.findOneBy(StandardProfile, { siteKind });
  if (!p) throw new AppError('INTERNAL_SERVER_ERROR', `no standard profile for ${siteKind}`);
  return p;
}

/**
 * Raises findings on an inspection, inside the caller's transaction. Each copies its deadline
 * from the site kind's profile as it is now (raisedAt + hours for its severity) and records the
 * profile version, so a later profile change never moves it. Evidence must already be checked.
 * Three statements however many findings: the findings, their evidence links, their audit events.
 */
export async function raiseFindings(tx: Ctx, inspection: RaisedOn, profile: FindingProfile, specs: FindingSpec[], raisedAt: Date): Promise<Finding[]> {
  const findings = await insertFindings(tx, inspection, profile, specs, raisedAt);
  const links = findings.map(findingLink);
  await insertEvidenceLinks(tx, links);
  await recordAudits(tx, findings.flatMap((f, n) => findingAudits(f, links[n])));
  return findings;
}

/** A finding's evidence as a link (empty when it has none). */
export const findingLink = (f: Finding): EvidenceLink => ({ entityType: 'Finding', entityId: f.id, siteId: f.siteId, attachmentIds: [...new Set(f.evidenceIds)] });

/** A finding's audit events in the order raising it writes them: the raise, then its evidence link. */
export const findingAudits = (f: Finding, link: EvidenceLink = findingLink(f)): AuditInput[] => [
  { action: 'finding.raise', entityType: 'Finding', entityId: f.id, after: { inspectionId: f.inspectionId, siteId: f.siteId, itemCode: f.itemCode, severity: f.severity, deadline: f.deadline, profileVersion: f.profileVersion, status: f.status } },
  ...linkAudits(link),
];

/** `"item_code" AS "itemCode", …` for every column: RETURNING gives rows in the entity's shape. */
let findingReturning: string | undefined;
const returningColumns = (tx: Ctx) => (findingReturning ??= tx.em.connection.getMetadata(Finding).columns.map((c) => `"${c.databaseName}" AS "${c.propertyName}"`).join(', '));

/**
 * Writes the findings in one INSERT … RETURNING (in the order of `specs`); a trigger on `finding`
 * writes each CRITICAL one's live event to the outbox in the same statement (migration FeedOutbox).
 * Writes neither evidence links nor audit events:
 * `raiseFindings` does, or a caller that batches them with its own (`findingLink`, `findingAudits`).
 */
export async function insertFindings(tx: Ctx, inspection: RaisedOn, profile: FindingProfile, specs: FindingSpec[], raisedAt: Date): Promise<Finding[]> {
  assertInTransaction(tx);
  if (!specs.length) return [];
  const actor = tx.actor!;
  const cols = ['id', 'inspection_id', 'site_id', 'team_id', 'issuing_agency_id', 'raised_by_id', 'item_code', 'title', 'description', 'legal_basis', 'severity', 'status', 'raised_at', 'deadline', 'profile_version', 'evidence_ids'];
  const params: unknown[] = [inspection.id, inspection.siteId, inspection.teamId, actor.agencyId, actor.id, raisedAt, profile.version];
  const ids = specs.map(() => randomUUID());
  const values = specs.map((s, n) => {
    const deadline = new Date(raisedAt.getTime() + deadlineHours(profile as StandardProfile, s.severity) * 3_600_000);
    const at = params.push(ids[n], s.itemCode, s.title, s.description, s.legalBasis, s.severity, deadline, JSON.stringify(s.evidenceIds)) - 8;
    const p = (k: number) => `$${at + k}`;
    return `(${p(1)}::uuid, $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, 'OPEN', $6::timestamptz, ${p(7)}::timestamptz, $7::integer, ${p(8)}::jsonb)`;
  });
  const rows: Finding[] = await tx.em.query(`INSERT INTO finding (${cols.join(', ')}) VALUES ${values.join(', ')} RETURNING ${returningColumns(tx)}`, params);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => Object.assign(new Finding(), byId.get(id)!));
}
