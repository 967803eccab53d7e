import type { Ctx } from '../../context';
import { canSeeSite, requireActor } from '../../common/authorize';
import { AppError, badInput, notFound } from '../../common/errors';
import { checkTransition } from '../../common/state-machine';
import { recordAudit } from '../audit/audit.service';
import { ChecklistItem, ChecklistTemplate, ChecklistVersion } from '../checklist/checklist.entity';
import { Site } from '../site/site.entity';
import { Finding, SETTLED_STATUSES } from '../finding/finding.entity';
import { Inspection, InspectionAnswer, type InspectionStatus } from './inspection.entity';
import { INSPECTION_TRANSITIONS } from './inspection.state';
import { In, Not } from 'typeorm';

/** Locks an inspection for a state change; missing or out of the actor's scope is NOT_FOUND. */
export async function lockInspection(tx: Ctx, id: string): Promise<Inspection> {
  const actor = requireActor(tx);
  const i = await tx.em.findOne(Inspection, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!i || !canSeeSite(actor, i.siteId)) throw notFound('inspection', id);
  return i;
}

/** Moves an inspection through its transition table and writes the audit event. */
export async function moveInspection(tx: Ctx, i: Inspection, to: InspectionStatus, changes: Partial<Inspection>, scope: { teamId?: string } = {}): Promise<Inspection> {
  checkTransition(tx, INSPECTION_TRANSITIONS, 'inspection', i.status, to, scope);
  await tx.em.update(Inspection, { id: i.id }, { ...changes, status: to });
  await recordAudit(tx, { action: `inspection.${to.toLowerCase().replace('_', '-')}`, entityType: 'Inspection', entityId: i.id, before: { status: i.status }, after: { status: to, ...changes } });
  return tx.em.findOneByOrFail(Inspection, { id: i.id });
}

/** The active site, for scheduling or filing. */
export async function activeSite(tx: Ctx, siteId: string, field: string): Promise<Site> {
  const site = await tx.em.findOneBy(Site, { id: siteId });
  if (!site || !canSeeSite(requireActor(tx), site.id)) throw badInput(field, `no site ${siteId}`);
  if (site.status !== 'ACTIVE') throw badInput(field, `site ${site.name} is closed`);
  return site;
}

/** A published version whose checklist is meant for the site's kind. */
export async function usableVersion(tx: Ctx, versionId: string, site: Site, field: string): Promise<ChecklistVersion> {
  const v = await tx.em.findOneBy(ChecklistVersion, { id: versionId });
  if (!v) throw badInput(field, `no checklist version ${versionId}`);
  if (v.status !== 'PUBLISHED') throw badInput(field, 'only a published checklist version can be used');
  const t = await tx.em.findOneByOrFail(ChecklistTemplate, { id: v.templateId });
  if (!t.siteKinds.includes(site.kind)) throw badInput(field, `checklist ${t.code} is not for ${site.kind} sites`);
  return v;
}

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
  const i = await tx.em.findOneBy(Inspection, { id });
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
