import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { QueryFailedError } from 'typeorm';
import { ZodError } from 'zod';

/** The closed list of error codes a client can see (CONVENTIONS.md). */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'INVALID_TRANSITION',
  'DEADLINE_PASSED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetails {
  /** For BAD_USER_INPUT: the offending input field, as a dotted path (`input.latitude`). */
  field?: string;
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id?: string) => new AppError('NOT_FOUND', id ? `${what} ${id} not found` : `${what} not found`);
export const forbidden = (message = 'you may not do this') => new AppError('FORBIDDEN', message);
export const badInput = (field: string, message: string) => new AppError('BAD_USER_INPUT', message, { field });
export const conflict = (message: string, details: ErrorDetails = {}) => new AppError('CONFLICT', message, details);

/** Turns a zod failure at a service entry into BAD_USER_INPUT naming the first bad field. */
export function fromZod(err: ZodError, prefix = 'input'): AppError {
  const issue = err.issues[0];
  const field = [prefix, ...issue.path].filter((p) => p !== '').join('.');
  return new AppError('BAD_USER_INPUT', `${field}: ${issue.message}`, {
    field,
    issues: err.issues.map((i) => ({ field: [prefix, ...i.path].join('.'), message: i.message })),
  });
}

/** What a lost or refused database connection looks like: always SERVICE_UNAVAILABLE, never internal. */
const databaseUnavailable = () => new AppError('SERVICE_UNAVAILABLE', 'the database is not available; retry later');

// Connection-level failures as node-postgres, pg-pool and TypeORM report them (messages without a SQLSTATE).
const LOST_CONNECTION_MESSAGES = [
  /connection terminated/i, // "Connection terminated unexpectedly", "Connection terminated due to connection timeout"
  /client has encountered a connection error and is not queryable/i,
  /client was closed and is not queryable/i,
  /cannot use a pool after calling end on the pool/i,
  /timeout exceeded when trying to connect/i, // pg-pool: no connection within connectionTimeoutMillis
  /connection (?:is )?(?:not|no longer) (?:yet )?(?:established|open|available)/i, // TypeORM: a data source not (or no longer) initialised
  /driver not connected/i,
  /\bsocket hang up\b/i,
];
// TypeORM releases a query runner whose connection failed; the transaction's next statement then
// fails with one of these (a connection that died mid-transaction).
const RELEASED_RUNNER_ERRORS = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);
const LOST_CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * True when `err` (or what it wraps: TypeORM's `driverError`, an error's `cause`, GraphQL's
 * `originalError`) says the database connection is gone, refused or unobtainable: SQLSTATE class
 * 08, 57P01–57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections), a
 * socket errno, or node-postgres' connection messages.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; errno?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; originalError?: unknown; thrownValue?: unknown };
  if (err instanceof Error && RELEASED_RUNNER_ERRORS.has(err.name)) return true;
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return true;
  if (LOST_CONNECTION_ERRNOS.has(code) || (typeof e.errno === 'string' && LOST_CONNECTION_ERRNOS.has(e.errno))) return true;
  // An error with some other SQLSTATE is PostgreSQL answering: the connection is fine.
  const sqlstate = /^[0-9A-Z]{5}$/.test(code) && !LOST_CONNECTION_ERRNOS.has(code);
  if (!sqlstate && typeof e.message === 'string' && LOST_CONNECTION_MESSAGES.some((re) => re.test(e.message as string))) return true;
  if (err instanceof AggregateError && err.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  // thrownValue: graphql-js wraps a thrown value that is not `instanceof Error` (a socket error
  // made in another realm, e.g. Node's own under jest's VM context) as NonErrorThrown.
  return [e.driverError, e.cause, e.originalError, e.thrownValue].some((inner) => inner !== err && isDatabaseUnavailable(inner, depth + 1));
}

/**
 * True when `err` says a connection that was open has died (its server process was terminated,
 * or the socket closed), as against a connection refused: asking again on a new connection may
 * well succeed.
 */
export function isLostConnection(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (err instanceof Error && RELEASED_RUNNER_ERRORS.has(err.name)) return true;
  if (e.code === '57P01' || e.code === '57P02' || e.code === 'ECONNRESET' || e.code === 'EPIPE') return true;
  if (typeof e.message === 'string' && /connection terminated unexpectedly|is not queryable/i.test(e.message)) return true;
  return [e.driverError, e.cause].some((inner) => inner !== err && isLostConnection(inner, depth + 1));
}

/** query_canceled (57014): a statement ran past STATEMENT_TIMEOUT_MS. */
export const STATEMENT_TIMEOUT_MESSAGE = 'a database statement of this request ran past its time limit (STATEMENT_TIMEOUT_MS) and was cancelled; retry later or ask for less';

/** PostgreSQL errors that are the user's doing map to codes; the rest stay internal. */
export function fromDatabase(err: unknown): AppError | undefined {
  if (isDatabaseUnavailable(err)) return databaseUnavailable();
  if (!(err instanceof QueryFailedError)) return undefined;
  const d = err.driverError as { code?: string; constraint?: string; column?: string; message?: string };
  switch (d.code) {
    case '23505':
      return new AppError('CONFLICT', 'a record with these values already exists', { constraint: d.constraint });
    case '23503':
      return new AppError('BAD_USER_INPUT', 'a referenced record does not exist', { constraint: d.constraint, field: d.column });
    case '23514':
      return new AppError('BAD_USER_INPUT', `a value breaks the rule ${d.constraint}`, { constraint: d.constraint, field: d.column });
    case '23502':
      return new AppError('BAD_USER_INPUT', `${d.column ?? 'a field'} is required`, { field: d.column });
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return new AppError('BAD_USER_INPUT', 'a value has the wrong format or is out of range');
    case '22021': // character_not_in_repertoire: a NUL or bad byte the input boundary did not catch
    case '22P05': // untranslatable_character: e.g. \u0000 inside jsonb
      return new AppError('BAD_USER_INPUT', 'a text value holds a character that cannot be stored (NUL or invalid Unicode)', { field: d.column });
    case '40001':
    case '40P01':
      return new AppError('CONFLICT', 'the record was changed concurrently; retry');
    case '55P03':
      return new AppError('CONFLICT', 'the record is being changed by another request; retry');
    case '57014':
      return new AppError('SERVICE_UNAVAILABLE', STATEMENT_TIMEOUT_MESSAGE, { reason: 'TIMEOUT' });
    case '57P01':
    case '57P03':
    case '53300':
      return new AppError('SERVICE_UNAVAILABLE', 'the database is not available; retry later');
    default:
      return undefined;
  }
}

export interface ErrorLogger {
  error(obj: object, msg: string): void;
}

/**
 * The one place errors become what the client sees. Known errors keep their code and message;
 * GraphQL's own validation errors keep theirs; everything else is INTERNAL_SERVER_ERROR with the
 * message hidden (no SQL, no stack) and the real error logged with the request id.
 */
export function makeFormatError(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: original.code, ...original.details } };
    }
    if (original instanceof ZodError) {
      const e = fromZod(original);
      return { message: e.message, locations: formatted.locations, path: formatted.path, extensions: { code: e.code, ...e.details } };
    }
    const db = fromDatabase(original);
    if (db) {
      return { message: db.message, locations: formatted.locations, path: formatted.path, extensions: { code: db.code, ...db.details } };
    }
    if (original instanceof GraphQLError) {
      // Errors graphql-js and Apollo raise about the request itself: parse, validation, variables.
      const code = String(formatted.extensions?.code ?? '');
      if (code !== 'INTERNAL_SERVER_ERROR') {
        const known = (ERROR_CODES as readonly string[]).includes(code);
        // A coded refusal keeps what it says about itself (field, limit, value, maximum, reason); never Apollo's internals.
        const { http: _http, stacktrace: _stack, exception: _exception, code: _code, ...details } = formatted.extensions ?? {};
        return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: known ? { code, ...details } : { code: 'BAD_USER_INPUT', reason: code || undefined } };
      }
    }
    log.error({ err: original, path: formatted.path }, 'internal error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
