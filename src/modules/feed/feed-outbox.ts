import { AppError } from '../../common/errors';
import type { HubEventKind, NewHubEvent } from '../../common/outbox';

/* Modules publish events with common/outbox.ts (recordHubEvent); the feed reads them from here on. */
export type { HubEventKind } from '../../common/outbox';

/**
 * A position in the outbox: (writer's transaction id, row sequence). Events are delivered in
 * this order; it is the cursor's content.
 */
export interface FeedPosition {
  tx: bigint;
  seq: bigint;
}

/** Something the command centre should see now, as the outbox holds it. `siteId` decides who may see it. */
export interface HubEvent extends Omit<NewHubEvent, 'occurredAt'> {
  /** The opaque cursor of the event, also its id. */
  cursor: string;
  position: FeedPosition;
  occurredAt: Date;
}

export const comparePositions = (a: FeedPosition, b: FeedPosition): number => (a.tx < b.tx ? -1 : a.tx > b.tx ? 1 : a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0);
export const formatCursor = (p: FeedPosition): string => `${p.tx}-${p.seq}`;
export const ORIGIN: FeedPosition = { tx: 0n, seq: 0n };

/** Parses a cursor a client sent back; anything else is BAD_USER_INPUT on `after`. */
export function parseCursor(cursor: string): FeedPosition {
  const m = /^(\d{1,19})-(\d{1,19})$/.exec(cursor);
  if (!m) throw new AppError('BAD_USER_INPUT', 'after is not a cursor this feed gave out', { field: 'after' });
  return { tx: BigInt(m[1]), seq: BigInt(m[2]) };
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
