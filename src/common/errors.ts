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

/** PostgreSQL errors that are the user's doing map to codes; the rest stay internal. */
export function fromDatabase(err: unknown): AppError | undefined {
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
        const field = typeof formatted.extensions?.field === 'string' ? { field: formatted.extensions.field } : {};
        return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: known ? code : 'BAD_USER_INPUT', ...(known ? field : { reason: code || undefined }) } };
      }
    }
    log.error({ err: original, path: formatted.path }, 'internal error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
