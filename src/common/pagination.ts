import { isInterfaceType, isObjectType, type GraphQLField, type GraphQLNamedType } from 'graphql';
import { AppError } from './errors';

/** Relay-style connections with opaque keyset cursors. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

/** A page-size argument's bounds: `arg` is its path in the field's arguments (`filter.limit`). */
export interface PageLimit {
  arg: string;
  min: number;
  max: number;
  default: number;
}

/**
 * Every page-size argument in the schema and its maximum, checked before a request runs
 * (src/common/limits.ts) and used to cost it. `first` on any connection: DEFAULT_PAGE / MAX_PAGE.
 * Others by `Type.field` (an interface's entry covers its implementations). The server refuses to
 * start if a field has a first/last/limit argument not covered here. The SDL descriptions and the
 * README state the same numbers; the resolvers keep their own checks as a second line.
 */
export const PAGE_LIMITS: Record<string, PageLimit> = {
  'Site.inspections': { arg: 'first', min: 0, max: 100, default: 10 },
  'SupplyItem.deliveries': { arg: 'last', min: 1, max: 200, default: 20 },
  'Query.inspectionsDue': { arg: 'filter.limit', min: 1, max: 500, default: 100 },
};
const CONNECTION_FIRST: PageLimit = { arg: 'first', min: 0, max: MAX_PAGE, default: DEFAULT_PAGE };

export function pageLimitFor(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>): PageLimit | undefined {
  const own = PAGE_LIMITS[`${parent.name}.${field.name}`];
  if (own) return own;
  if (isObjectType(parent) || isInterfaceType(parent)) {
    for (const i of parent.getInterfaces()) {
      const inherited = PAGE_LIMITS[`${i.name}.${field.name}`];
      if (inherited) return inherited;
    }
  }
  if (field.args.some((a) => a.name === 'first')) return CONNECTION_FIRST;
  return undefined;
}

export function pageSize(args: PageArgs): number {
  const first = args.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw new AppError('BAD_USER_INPUT', `first must be between 0 and ${MAX_PAGE}`, { field: 'first' });
  }
  return first;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): unknown[] | null {
  if (cursor == null) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity) return v;
  } catch {
    /* fall through */
  }
  throw new AppError('BAD_USER_INPUT', 'after is not a cursor this list gave out', { field: 'after' });
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null };
  totalCount: number | (() => Promise<number>);
}

/**
 * Builds a connection from `first + 1` rows fetched in cursor order. `totalCount` may be a thunk
 * so the count query runs only when a client asks for it.
 */
export function toConnection<T>(rows: T[], first: number, cursorOf: (row: T) => unknown[], totalCount: number | (() => Promise<number>), afterGiven = false): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
      hasPreviousPage: afterGiven,
      startCursor: edges.length ? edges[0].cursor : null,
    },
    totalCount,
  };
}

/** SDL shared by every connection. */
export const paginationTypeDefs = /* GraphQL */ `
  """Where a page of a connection stands; pass endCursor as \`after\` to get the next page."""
  type PageInfo {
    """True when more items follow this page."""
    hasNextPage: Boolean!
    """True when this page was asked for with a cursor."""
    hasPreviousPage: Boolean!
    """Cursor of the first item of this page."""
    startCursor: String
    """Cursor of the last item of this page."""
    endCursor: String
  }
`;

/** Resolver for a `totalCount` field that may be a lazy count. */
export const totalCountResolver = (c: { totalCount: number | (() => Promise<number>) }) => (typeof c.totalCount === 'function' ? c.totalCount() : c.totalCount);
