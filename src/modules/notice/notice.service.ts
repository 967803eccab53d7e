import { uuid } from '../../common/validation';
import type { Ctx, Actor } from '../../context';
import { authorize, requireActor } from '../../common/authorize';
import { mayReadRectificationNotice } from '../../common/access';
import { notFound } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';

/*
 * The rectification notice (整改通知书) of an inspection with findings: produced from stored data
 * (the inspection, its site, team and members, and the findings it raised with their deadlines),
 * served as a printable page (notice.routes.ts), and acknowledged by the site's manager.
 */

/** An inspection has a notice once it is submitted (or closed) and raised at least one finding. */
const HAS_NOTICE = `i.status IN ('SUBMITTED','CLOSED') AND EXISTS (SELECT 1 FROM finding f WHERE f.inspection_id = i.id)`;

export const noticePath = (inspectionId: string) => `/inspections/${inspectionId}/rectification-notice`;

export interface NoticeFinding {
  title: string;
  description: string | null;
  legalBasis: string | null;
  itemCode: string | null;
  severity: string;
  status: string;
  deadline: Date;
}

export interface NoticeData {
  inspectionId: string;
  submittedAt: Date;
  outcome: string | null;
  site: { id: string; name: string; address: string; district: string; contactName: string | null };
  team: { id: string; name: string };
  members: { name: string; agency: string | null; isLeader: boolean }[];
  findings: NoticeFinding[];
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

/** The notice's data, for an actor who may open it (else NOT_FOUND, as for a missing one). */
export async function loadNotice(ctx: Ctx, inspectionId: string): Promise<NoticeData> {
  const actor = requireActor(ctx);
  if (!uuid.safeParse(inspectionId).success) throw notFound('rectification notice');
  const [row] = await ctx.em.query(
    `SELECT i.id, i.site_id AS "siteId", i.team_id AS "teamId", i.submitted_at AS "submittedAt", i.outcome,
            i.notice_acknowledged_at AS "acknowledgedAt", ack.display_name AS "acknowledgedBy",
            s.name AS "siteName", s.address, s.district, s.contact_name AS "contactName", t.name AS "teamName",
            coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.account_id, 'name', a.display_name, 'agency', g.name, 'isLeader', m.is_leader) ORDER BY m.is_leader DESC, a.display_name)
                      FROM inspection_member m JOIN account a ON a.id = m.account_id LEFT JOIN agency g ON g.id = m.agency_id WHERE m.inspection_id = i.id), '[]') AS members,
            (SELECT jsonb_agg(jsonb_build_object('title', f.title, 'description', f.description, 'legalBasis', f.legal_basis, 'itemCode', f.item_code,
                                                 'severity', f.severity, 'status', f.status, 'deadline', f.deadline) ORDER BY f.deadline, f.raised_at, f.id)
               FROM finding f WHERE f.inspection_id = i.id) AS findings
     FROM inspection i JOIN site s ON s.id = i.site_id JOIN inspection_team t ON t.id = i.team_id LEFT JOIN account ack ON ack.id = i.notice_acknowledged_by_id
     WHERE i.id = $1 AND ${HAS_NOTICE}`,
    [inspectionId],
  );
  const members: { id: string; name: string; agency: string | null; isLeader: boolean }[] = row?.members ?? [];
  if (!row || !mayReadRectificationNotice(actor, { siteId: row.siteId, teamId: row.teamId, memberIds: members.map((m) => m.id) })) throw notFound('rectification notice');
  return {
    inspectionId: row.id,
    submittedAt: row.submittedAt,
    outcome: row.outcome,
    site: { id: row.siteId, name: row.siteName, address: row.address, district: row.district, contactName: row.contactName },
    team: { id: row.teamId, name: row.teamName },
    members: members.map(({ name, agency, isLeader }) => ({ name, agency, isLeader })),
    findings: (row.findings as (Omit<NoticeFinding, 'deadline'> & { deadline: string })[]).map((f) => ({ ...f, deadline: new Date(f.deadline) })),
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: row.acknowledgedBy,
  };
}

export interface NoticeStatus {
  url: string;
  issuedAt: Date;
  findings: number;
  firstDeadline: Date;
  acknowledgedAt: Date | null;
  acknowledgedById: string | null;
  /** Whom it is for (mayReadRectificationNotice): the site, the team, the members recorded on the inspection. */
  siteId: string;
  teamId: string;
  memberIds: string[];
}

/**
 * The notice of each inspection (null when it has none: not submitted, or no findings): where to
 * open it, how many findings, the first deadline, whether the site acknowledged it, and whom it is
 * for. One statement for any number of inspections (the loader in notice.loaders.ts batches).
 */
export async function noticeStatuses(ctx: Ctx, ids: readonly string[]): Promise<(NoticeStatus | null)[]> {
  const rows: (Omit<NoticeStatus, 'url'> & { id: string })[] = await ctx.em.query(
    `SELECT i.id, i.site_id AS "siteId", i.team_id AS "teamId", i.submitted_at AS "issuedAt",
            i.notice_acknowledged_at AS "acknowledgedAt", i.notice_acknowledged_by_id AS "acknowledgedById",
            f.findings, f."firstDeadline",
            coalesce((SELECT array_agg(m.account_id::text) FROM inspection_member m WHERE m.inspection_id = i.id), '{}'::text[]) AS "memberIds"
     FROM inspection i
     JOIN (SELECT inspection_id, count(*)::int AS findings, min(deadline) AS "firstDeadline" FROM finding WHERE inspection_id = ANY($1::uuid[]) GROUP BY inspection_id) f ON f.inspection_id = i.id
     WHERE i.id = ANY($1::uuid[]) AND i.status IN ('SUBMITTED','CLOSED')`,
    [ids],
  );
  const byId = new Map(rows.map(({ id, ...r }) => [id, { url: noticePath(id), ...r }]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * Inspection.rectificationNotice for this actor: null when the inspection has none, and null for
 * whom the notice is not (access.ts mayReadRectificationNotice, the page's own rule), so the field
 * and the page agree on who sees a notice.
 */
export function visibleNotice(ctx: Ctx, n: NoticeStatus | null): NoticeStatus | null {
  return n && ctx.actor && mayReadRectificationNotice(ctx.actor, n) ? n : null;
}

/**
 * acknowledgeRectificationNotice: the site's facility manager records that the site received the
 * notice (who, when), once; asked again, the first acknowledgment stands and is returned. One
 * transaction with its audit event. Another site's manager, or an inspection without a notice:
 * NOT_FOUND.
 */
export async function acknowledgeNotice(ctx: Ctx, inspectionId: string): Promise<{ id: string }> {
  const actor = authorize(ctx, 'finding:rectify');
  if (!uuid.safeParse(inspectionId).success) throw notFound('rectification notice');
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.em.query(`SELECT i.id, i.site_id AS "siteId" FROM inspection i WHERE i.id = $1 AND ${HAS_NOTICE}`, [inspectionId]);
    if (!row || !actor.siteIds.includes(row.siteId)) throw notFound('rectification notice');
    const now = tx.now();
    const [updated] = await tx.em.query(
      `UPDATE inspection SET notice_acknowledged_at = $2, notice_acknowledged_by_id = $3, version = version + 1, updated_at = now()
       WHERE id = $1 AND notice_acknowledged_at IS NULL RETURNING id`,
      [inspectionId, now, actor.id],
    );
    if (updated.length === 0) return { id: inspectionId }; // acknowledged already: the first stands
    await recordAudit(tx, {
      action: 'inspection.notice_acknowledged',
      entityType: 'Inspection',
      entityId: inspectionId,
      before: { noticeAcknowledgedAt: null, noticeAcknowledgedById: null },
      after: { noticeAcknowledgedAt: now, noticeAcknowledgedById: actor.id },
    });
    return { id: inspectionId };
  });
}
