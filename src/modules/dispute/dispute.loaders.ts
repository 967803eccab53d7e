import DataLoader from 'dataloader';
import { groupByKey, loader } from '../../common/loaders';
import { Dispute } from './dispute.entity';
import type { Ctx } from '../../context';

/** `d."finding_id" AS "findingId", …` for every column: raw rows come back in the entity's shape. */
let disputeSelect: string | undefined;
const disputeColumns = (ctx: Ctx) => (disputeSelect ??= ctx.em.connection.getMetadata(Dispute).columns.map((c) => `d."${c.databaseName}" AS "${c.propertyName}"`).join(', '));

/**
 * Not scoped: callers resolve disputes of a finding the actor may already see (same site). Raw
 * rows and one array parameter: a nested read asks for the disputes of hundreds of findings.
 */
export const disputesByFindingId = loader(
  (ctx) =>
    new DataLoader<string, Dispute[]>(async (ids) => {
      const rows: Dispute[] = await ctx.em.query(`SELECT ${disputeColumns(ctx)} FROM dispute d WHERE d.finding_id = ANY($1::uuid[]) ORDER BY d.lodged_at, d.id`, [[...ids]]);
      return groupByKey(ids, rows, (d) => d.findingId!);
    }),
);

/** Resolved disputes that changed a finding of each inspection (OVERTURNED or AMENDED), in order of resolution. */
export const adjustingDisputesByInspectionId = loader(
  (ctx) =>
    new DataLoader<string, Dispute[]>(async (ids) => {
      const rows = await ctx.em
        .createQueryBuilder(Dispute, 'd')
        .innerJoin('finding', 'f', 'f.id = d.finding_id')
        .addSelect('f.inspection_id', 'inspection_id')
        .where('f.inspection_id = ANY(:ids)', { ids: [...ids] })
        .andWhere(`d.status = 'RESOLVED' AND d.outcome IN ('OVERTURNED','AMENDED')`)
        .orderBy('d.resolved_at', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .getRawAndEntities();
      const byId = new Map(rows.entities.map((d) => [d.id, d]));
      const pairs = (rows.raw as { d_id: string; inspection_id: string }[]).map((r) => ({ inspectionId: r.inspection_id, dispute: byId.get(r.d_id)! }));
      return groupByKey(ids, pairs, (p) => p.inspectionId).map((g) => g.map((p) => p.dispute));
    }),
);

export interface TimelineEvent {
  id: string;
  at: Date;
  kind: string;
  action: string;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  text: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
}

const KINDS: Record<string, string> = {
  'dispute.lodge': 'LODGED',
  'dispute.assign': 'ASSIGNED',
  'dispute.comment': 'COMMENTED',
  'dispute.resolve': 'RESOLVED',
  'dispute.withdraw': 'WITHDRAWN',
  'dispute.record': 'RECORDED',
  'attachment.link': 'EVIDENCE_ATTACHED',
};

/** The text an event carries: a comment, the rationale, the reason or the description. */
function textOf(changes: TimelineEvent['changes']): string | null {
  for (const k of ['comment', 'rationale', 'reason', 'description']) {
    const v = changes[k]?.after;
    if (typeof v === 'string') return v;
  }
  return null;
}

/** Each dispute's audit events, oldest first (audit ids grow with time). */
export const timelineByDisputeId = loader(
  (ctx) =>
    new DataLoader<string, TimelineEvent[]>(async (ids) => {
      const rows: { id: string; occurred_at: Date; action: string; actor_id: string | null; actor_username: string | null; actor_role: string | null; entity_id: string; changes: TimelineEvent['changes'] }[] = await ctx.em.query(
        `SELECT id, occurred_at, action, actor_id, actor_username, actor_role, entity_id, changes FROM audit_event
          WHERE entity_type = 'Dispute' AND entity_id = ANY($1::text[]) ORDER BY id`,
        [[...ids]],
      );
      const events = rows.map((r) => ({
        entityId: r.entity_id,
        event: { id: String(r.id), at: r.occurred_at, kind: KINDS[r.action] ?? 'OTHER', action: r.action, actorId: r.actor_id, actorUsername: r.actor_username, actorRole: r.actor_role, text: textOf(r.changes), changes: r.changes },
      }));
      return groupByKey(ids, events, (e) => e.entityId).map((g) => g.map((e) => e.event));
    }),
);
