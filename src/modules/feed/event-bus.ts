import { EventEmitter } from 'node:events';
import type { Ctx } from '../../context';

export const HUB_EVENT_KINDS = [
  'CRITICAL_FINDING_RAISED',
  'FINDING_OVERDUE',
  'DISPUTE_LODGED',
  'DISPUTE_RESOLVED',
  'SITE_OUT_OF_COMPLIANCE',
  'CHECKPOINT_TALLY_FILED',
] as const;
export type HubEventKind = (typeof HUB_EVENT_KINDS)[number];

/** Something the command centre should see now. `siteId` decides who may see it. */
export interface HubEvent {
  id: string;
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

/**
 * Where live events go. In-process by default; a multi-process deployment swaps in an
 * implementation over a shared channel (PostgreSQL LISTEN/NOTIFY, Redis pub/sub) behind the
 * same two methods, and nothing else changes.
 */
export interface EventBus {
  publish(event: HubEvent): Promise<void>;
  /** Calls `listener` for every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: HubEvent) => void): () => void;
}

export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  async publish(event: HubEvent): Promise<void> {
    this.emitter.emit('event', event);
  }
  subscribe(listener: (event: HubEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

let seq = 0;
const eventId = () => `${Date.now().toString(36)}-${(seq++).toString(36)}`;

/**
 * Publishes once the mutation's transaction has committed (never for a rolled-back change).
 * Call inside `inTransaction`.
 */
export function publishAfterCommit(ctx: Ctx, event: Omit<HubEvent, 'id' | 'occurredAt'> & { occurredAt?: Date }): void {
  const full: HubEvent = { id: eventId(), occurredAt: event.occurredAt ?? ctx.now(), ...event };
  const publish = () => ctx.services.bus.publish(full);
  if (ctx.afterCommit) ctx.afterCommit.push(publish);
  else void publish();
}

export function makeEvent(event: Omit<HubEvent, 'id'>): HubEvent {
  return { id: eventId(), ...event };
}
