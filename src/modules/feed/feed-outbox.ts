import type { EntityManager } from 'typeorm';
import type { Ctx } from '../../context';
import { AppError } from '../../common/errors';
import { assertInTransaction } from '../../common/transaction';

export const HUB_EVENT_KINDS = [
  'CRITICAL_FINDING_RAISED',
  'FINDING_OVERDUE',
  'DISPUTE_LODGED',
  'DISPUTE_RESOLVED',
  'SITE_OUT_OF_COMPLIANCE',
  'CHECKPOINT_TALLY_FILED',
] as const;
export type HubEventKind = (typeof HUB_EVENT_KINDS)[number];

/**
 * A position in the outbox: (writer's transaction id, row sequence). Events are delivered in
 * this order; it is the cursor's content.
 */
export interface FeedPosition {
  tx: bigint;
  seq: bigint;
}

/** Something the command centre should see now. `siteId` decides who may see it. */
export interface HubEvent {
  /** The opaque cursor of the event, also its id. */
  cursor: string;
  position: FeedPosition;
  kind: HubEventKind;
  occurredAt: Date;
  siteId: string | null;
  /** The record the event is about. */
  entityType: string;
  entityId: string;
  /** One line for a person (Chinese and English). */
  message: string;
  data: Record<string, unknown>;
}

export type NewHubEvent = Omit<HubEvent, 'cursor' | 'position' | 'occurredAt'> & { occurredAt?: Date };

export const comparePositions = (a: FeedPosition, b: FeedPosition): number => (a.tx < b.tx ? -1 : a.tx > b.tx ? 1 : a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0);
export const formatCursor = (p: FeedPosition): string => `${p.tx}-${p.seq}`;
export const ORIGIN: FeedPosition = { tx: 0n, seq: 0n };

/** Parses a cursor a client sent back; anything else is BAD_USER_INPUT on `after`. */
export function parseCursor(cursor: string): FeedPosition {
  const m = /^(\d{1,19})-(\d{1,19})$/.exec(cursor);
  if (!m) throw new AppError('BAD_USER_INPUT', 'after is not a cursor this feed gave out', { field: 'after' });
  return { tx: BigInt(m[1]), seq: BigInt(m[2]) };
}

/**
 * Writes events to the outbox inside the caller's transaction (one statement), so they exist if
 * and only if the change they announce commits. A trigger wakes every hub process on commit.
 */
export async function recordHubEvents(tx: Ctx, events: NewHubEvent[]): Promise<void> {
  assertInTransaction(tx);
  await insertHubEvents(tx.em, events, tx.now());
}

export const recordHubEvent = (tx: Ctx, event: NewHubEvent) => recordHubEvents(tx, [event]);

/** The statement itself, for the watcher's own transaction. */
export async function insertHubEvents(em: EntityManager, events: NewHubEvent[], now: Date): Promise<void> {
  if (!events.length) return;
  await em.query(
    `INSERT INTO hub_event (kind, occurred_at, site_id, entity_type, entity_id, message, data)
     SELECT e.kind, e.occurred_at, e.site_id, e.entity_type, e.entity_id, e.message, e.data
       FROM jsonb_to_recordset($1::jsonb) AS e(kind text, occurred_at timestamptz, site_id uuid, entity_type text, entity_id text, message text, data jsonb)`,
    [JSON.stringify(events.map((e) => ({ kind: e.kind, occurred_at: (e.occurredAt ?? now).toISOString(), site_id: e.siteId, entity_type: e.entityType, entity_id: e.entityId, message: e.message, data: e.data })))],
  );
}

export interface HubEventRow {
  tx_id: string;
  seq: string;
  kind: HubEventKind;
  occurred_at: Date;
  site_id: string | null;
  entity_type: string;
  entity_id: string;
  message: string;
  data: Record<string, unknown>;
}

export function fromRow(r: HubEventRow): HubEvent {
  const position = { tx: BigInt(r.tx_id), seq: BigInt(r.seq) };
  return {
    cursor: formatCursor(position),
    position,
    kind: r.kind,
    occurredAt: new Date(r.occurred_at),
    siteId: r.site_id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    message: r.message,
    data: r.data,
  };
}

/** Ids as text (bigints); ORDER BY must name the table's columns qualified (h.tx_id), not these text aliases. */
export const EVENT_COLUMNS = `tx_id::text AS tx_id, seq::text AS seq, kind, occurred_at, site_id::text AS site_id, entity_type, entity_id, message, data`;

/** Every transaction below this id has ended: rows below it can no longer appear. */
export const SAFE_HORIZON_SQL = `pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;
