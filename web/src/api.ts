import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/** A typed document in string mode (codegen's TypedDocumentString, of the field app's or the console's module). */
export type TypedDocument<R, V> = DocumentTypeDecoration<R, V> & { toString(): string };

/** The server refused the request: `code` is from the hub's closed list (README "Errors"). */
export class ApiError extends Error {
  constructor(
    public code: string,
    public field?: string,
    /** The hub's own sentence (English); the field app shows its own text instead, the console shows both. */
    public detail?: string,
  ) {
    super(code);
  }
}

/** The hub could not be reached (offline, hub down, or a proxy answering something else). */
export class NetworkError extends Error {
  constructor() {
    super('NETWORK');
  }
}

/** Codes worth retrying later rather than showing as a refusal. */
export const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'NETWORK']);

interface GqlError {
  message: string;
  extensions?: { code?: string; field?: string };
}

/**
 * The hub's causal token: the WAL position of this client's last write (`x-hub-lsn`, sent by hubs
 * with read replicas after a mutation). Sent back with every request, so a read never comes from
 * a replica that has not yet replayed what this client wrote (README "Scaling out").
 */
let lastLsn: string | null = null;
const lsnValue = (lsn: string) => lsn.split('/').map((h) => h.padStart(8, '0')).join('');
function noteLsn(res: Response) {
  const lsn = res.headers.get('x-hub-lsn');
  if (lsn && /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i.test(lsn) && (!lastLsn || lsnValue(lsn.toUpperCase()) > lsnValue(lastLsn))) lastLsn = lsn.toUpperCase();
}

/** Sends one typed document (typed by codegen from schema.graphql) to the hub. */
export async function request<R, V>(doc: TypedDocument<R, V>, variables: V, token?: string | null): Promise<R> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(lastLsn ? { 'x-hub-lsn': lastLsn } : {}) },
      body: JSON.stringify({ query: doc.toString(), variables }),
    });
  } catch {
    throw new NetworkError();
  }
  noteLsn(res);
  let body: { data?: R; errors?: GqlError[] };
  try {
    body = await res.json();
  } catch {
    throw res.status >= 500 || res.status === 0 ? new NetworkError() : new ApiError('INTERNAL_SERVER_ERROR');
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR', e.extensions?.field, e.message);
  }
  if (!body.data) throw new ApiError('INTERNAL_SERVER_ERROR');
  return body.data;
}

/** POST /attachments with the photo's bytes; the key makes a retried upload return the same id. */
export async function uploadAttachment(blob: Blob, idempotencyKey: string, token: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch('/attachments', {
      method: 'POST',
      headers: { 'content-type': blob.type || 'image/jpeg', authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey },
      body: blob,
    });
  } catch {
    throw new NetworkError();
  }
  let body: { id?: string; errors?: GqlError[] };
  try {
    body = await res.json();
  } catch {
    throw new NetworkError();
  }
  if (res.ok && body.id) return body.id;
  const e = body.errors?.[0];
  throw new ApiError(e?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', e?.extensions?.field);
}
