import { ApiError, NetworkError, RETRYABLE, request, uploadAttachment } from '../api';
import {
  AcknowledgeRectificationNoticeDocument,
  CorrectDisinfectionDocument,
  FileInspectionDocument,
  LodgeDisputeDocument,
  RecordDisinfectionDocument,
  RejectRectificationDocument,
  VerifyRectificationDocument,
  SubmitRectificationDocument,
  type FileInspectionMutation,
  type RecordDisinfectionMutation,
} from '../graphql/__generated__/graphql';
import { db } from './db';
import { sessionStore } from './session';
import { refreshReads } from './reads';

/**
 * The outbox: every write the app makes. The idempotency key is made when the user presses the
 * button, the item is stored in IndexedDB before anything is sent, and a single drainer (a Web
 * Lock, so two tabs never send at once) sends the items in order. A network failure leaves the
 * item waiting; a retry with the same key returns the first result, so nothing is filed twice.
 */

export const MUTATIONS = {
  fileInspection: FileInspectionDocument,
  recordDisinfection: RecordDisinfectionDocument,
  correctDisinfection: CorrectDisinfectionDocument,
  submitRectification: SubmitRectificationDocument,
  lodgeDispute: LodgeDisputeDocument,
  // No idempotency key: these carry the finding's version, so a resend after a lost answer is
  // refused as CONFLICT (shown, never applied twice).
  verifyRectification: VerifyRectificationDocument,
  rejectRectification: RejectRectificationDocument,
  // No key either: the hub records the first acknowledgement and answers a resend with it, so
  // sending it twice records it once.
  acknowledgeRectificationNotice: AcknowledgeRectificationNoticeDocument,
} as const;
export type OutboxKind = keyof typeof MUTATIONS;

/** Mutations whose arguments are the item's input itself rather than one `input` argument. */
const FLAT_ARGUMENTS = new Set<OutboxKind>(['acknowledgeRectificationNotice']);

export type OutboxState = 'waiting' | 'sending' | 'done' | 'refused';

export interface OutboxItem {
  seq?: number;
  /** The idempotency key, made when the user pressed the button. */
  id: string;
  kind: OutboxKind;
  /** Whose write it is: only that account sends it. */
  username: string;
  createdAt: string;
  /** The mutation's input; evidenceIds hold `photo:<id>` until the photo is uploaded. */
  input: Record<string, unknown>;
  /** Photo id → attachment id, once uploaded. */
  uploaded: Record<string, string>;
  state: OutboxState;
  attempts: number;
  error?: { code: string; field?: string };
  result?: unknown;
  /** What to show in lists: a title (already in words the user chose) and a link target. */
  title: string;
  ref?: string;
}

export type FiledInspection = FileInspectionMutation['fileInspection'];
export type RecordedEntry = RecordDisinfectionMutation['recordDisinfection'];

const PHOTO = 'photo:';
const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('epi-outbox') : null;
const listeners = new Set<() => void>();
let version = 0;

function changed(broadcast = true) {
  version++;
  for (const l of listeners) l();
  if (broadcast) channel?.postMessage('changed');
}
channel?.addEventListener('message', () => changed(false));

export const outboxEvents = {
  subscribe(l: () => void) {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
  version: () => version,
};

export async function listOutbox(): Promise<OutboxItem[]> {
  return (await db()).getAll('outbox');
}

/** Stores the photo and returns the placeholder to put in evidenceIds. */
export async function queuePhoto(blob: Blob): Promise<string> {
  const id = crypto.randomUUID();
  await (await db()).put('photos', { id, blob });
  return PHOTO + id;
}

export async function photoBlob(ref: string): Promise<Blob | null> {
  return (await (await db()).get('photos', ref.slice(PHOTO.length)))?.blob ?? null;
}

/** Puts a write in the outbox (stored first), then starts sending. */
export async function enqueue(kind: OutboxKind, id: string, input: Record<string, unknown>, title: string, ref?: string): Promise<OutboxItem> {
  const session = sessionStore.get().session;
  if (!session) throw new Error('not signed in');
  const item: OutboxItem = { id, kind, username: session.account.username, createdAt: new Date().toISOString(), input, uploaded: {}, state: 'waiting', attempts: 0, title, ref };
  item.seq = await (await db()).add('outbox', item);
  changed();
  void drain();
  return item;
}

/** Removes a refused item the user has read (its record was never filed). */
export async function dismiss(seq: number): Promise<void> {
  const d = await db();
  const item = await d.get('outbox', seq);
  if (!item || (item.state !== 'refused' && item.state !== 'done')) return;
  for (const ref of photoRefs(item.input)) await d.delete('photos', ref.slice(PHOTO.length));
  await d.delete('outbox', seq);
  changed();
}

function photoRefs(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string' && v.startsWith(PHOTO)) out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => photoRefs(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => photoRefs(x, out));
  return out;
}

function withAttachments(v: unknown, uploaded: Record<string, string>): unknown {
  if (typeof v === 'string' && v.startsWith(PHOTO)) return uploaded[v];
  if (Array.isArray(v)) return v.map((x) => withAttachments(x, uploaded));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withAttachments(x, uploaded)]));
  return v;
}

async function save(item: OutboxItem) {
  await (await db()).put('outbox', item);
  changed();
}

let running: Promise<void> | null = null;
let again = false;

/** Sends what is waiting, in order; one drainer per browser. Resolves when it stops. */
export function drain(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    let sentAny = false;
    do {
      again = false;
      const r = navigator.locks ? await navigator.locks.request('epi-outbox', () => drainOnce()) : await drainOnce();
      sentAny ||= r.sent > 0;
    } while (again);
    // What the hub holds has changed: show it.
    if (sentAny) refreshReads();
  })().finally(() => {
    running = null;
  });
  return running;
}

/** Sends the signed-in account's waiting items in order; stops at the first that cannot be sent now. */
async function drainOnce(): Promise<{ sent: number }> {
  let sent = 0;
  const { session, expired } = sessionStore.get();
  if (!session || expired) return { sent };
  const items = (await listOutbox()).filter((i) => i.username === session.account.username && (i.state === 'waiting' || i.state === 'sending'));
  for (const item of items) {
    // Re-read: another tab may have sent it while this one waited for the lock.
    const fresh = await (await db()).get('outbox', item.seq!);
    if (!fresh || (fresh.state !== 'waiting' && fresh.state !== 'sending')) continue;
    const ok = await sendOne(fresh, session.token);
    if (!ok) break;
    sent++;
  }
  return { sent };
}

async function sendOne(item: OutboxItem, token: string): Promise<boolean> {
  item.state = 'sending';
  item.attempts++;
  await save(item);
  try {
    for (const ref of photoRefs(item.input)) {
      if (item.uploaded[ref]) continue;
      const blob = await photoBlob(ref);
      if (!blob) throw new ApiError('BAD_USER_INPUT', 'evidenceIds');
      item.uploaded[ref] = await uploadAttachment(blob, `${item.id}:${ref.slice(PHOTO.length)}`, token);
      await save(item);
    }
    const input = withAttachments(item.input, item.uploaded);
    const variables = FLAT_ARGUMENTS.has(item.kind) ? input : { input };
    const data = await request(MUTATIONS[item.kind] as typeof FileInspectionDocument, variables as never, token);
    item.result = Object.values(data as Record<string, unknown>)[0];
    item.state = 'done';
    item.error = undefined;
    await save(item);
    return true;
  } catch (err) {
    const code = err instanceof ApiError ? err.code : err instanceof NetworkError ? 'NETWORK' : 'INTERNAL_SERVER_ERROR';
    if (code === 'UNAUTHENTICATED') {
      // The token ran out (or the account was switched off): keep the item, ask to sign in again.
      item.state = 'waiting';
      await save(item);
      sessionStore.expire();
      return false;
    }
    if (RETRYABLE.has(code)) {
      item.state = 'waiting';
      item.error = code === 'NETWORK' ? undefined : { code };
      await save(item);
      return false;
    }
    item.state = 'refused';
    item.error = { code, field: err instanceof ApiError ? err.field : undefined };
    await save(item);
    return true;
  }
}

/** Drains when the network comes back, on start, and every 15 s while anything waits. */
export function startSync(): () => void {
  const kick = () => void drain();
  window.addEventListener('online', kick);
  const timer = window.setInterval(async () => {
    if ((await listOutbox()).some((i) => i.state === 'waiting' || i.state === 'sending')) kick();
  }, 15_000);
  kick();
  return () => {
    window.removeEventListener('online', kick);
    window.clearInterval(timer);
  };
}
