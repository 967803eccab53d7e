import { randomUUID } from 'node:crypto';
import { insertHubEvents, type HubEventKind } from '../../src/common/outbox';
import { waitFor, type TestHub } from './harness';

/** entityType of the marker events tests write into the outbox. */
export const MARKER = 'TestMarker';
export const isMarker = (e: { entityType?: string }) => e?.entityType === MARKER;

/**
 * Writes marker events into the outbox (the outbox's own INSERT, in a transaction of its own
 * through the hub's data source) and returns their entity ids. Write them after the steps of a
 * test: they stand after every event those steps committed, and after any transaction still
 * open (a watcher scan), because the feed reads only below the xmin of its snapshot. A
 * subscription delivers in outbox order, so once it has received one of the markers, every
 * earlier event has been delivered to it or filtered out: "nothing more arrived" and "no
 * duplicate" can be checked then, without sleeping. Give each subscriber a marker it may see
 * (its kinds, a site it may see; `siteId: null` reaches the roles that are not site-bound).
 */
export async function writeMarkers(hub: TestHub, markers: { kind: HubEventKind; siteId: string | null }[]): Promise<Set<string>> {
  const events = markers.map((m) => ({ kind: m.kind, siteId: m.siteId, entityType: MARKER, entityId: `marker-${randomUUID()}`, message: 'test marker', data: {} }));
  await hub.ds.transaction((em) => insertHubEvents(em, events, hub.clock.now));
  return new Set(events.map((e) => e.entityId));
}

/** Waits until each subscriber (its received events) has one of `markers`. */
export async function untilMarked(markers: Set<string>, subscribers: Record<string, { entityId: string }[] | { events: { entityId: string }[] }>): Promise<void> {
  for (const [name, s] of Object.entries(subscribers)) {
    const events = Array.isArray(s) ? s : s.events;
    await waitFor(() => events.some((e) => markers.has(e.entityId)), `the marker to reach ${name}`);
  }
}

/** The events that are not markers. */
export const real = <T extends { entityType?: string }>(events: T[]): T[] => events.filter((e) => !isMarker(e));
