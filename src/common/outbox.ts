import type { EntityManager } from 'typeorm';
import type { Ctx } from '../context';
import { assertInTransaction } from './transaction';

/**
 * The live feed's outbox, as publishers see it: a module that announces something calls
 * recordHubEvent in its transaction; the feed module (feed-hub.ts) reads the table and delivers.
 * So the feed depends on the modules, never the other way round.
 */
export const HUB_EVENT_KINDS = [
  'CRITICAL_FINDING_RAISED',
  'FINDING_OVERDUE',
  'DISPUTE_LODGED',
  'DISPUTE_RESOLVED',
  'SITE_OUT_OF_COMPLIANCE',
  'CHECKPOINT_TALLY_FILED',
  'VERIFICATION_TASK_CHANGED',
] as const;
export type HubEventKind = (typeof HUB_EVENT_KINDS)[number];

/** An event to publish. `siteId` decides who may see it. */
export interface NewHubEvent {
  kind: HubEventKind;
  /** Defaults to the transaction's clock. */
  occurredAt?: Date;
  siteId: string | null;
  /** The record the event is about. */
  entityType: string;
  entityId: string;
  /** One line for a person (Chinese and English). */
  message: string;
  data: Record<string, unknown>;
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

