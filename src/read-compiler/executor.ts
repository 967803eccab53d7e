import { GraphQLError, Kind, execute, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { requestScope } from '../common/request-context';
import { STATEMENT_TIMEOUT_MESSAGE } from '../common/errors';
import type { Ctx } from '../context';
import { compileOperation, type CompiledOperation, type ReadCompilerRegistry } from './compiler';
import { compiledData } from './raw-response';
import { onReplica } from '../db/read-your-writes';
import type { DataSource } from 'typeorm';
import { actorUnchanged } from '../modules/account/auth.service';
import { SELF_CONFIRMING_MUTATIONS } from '../modules/account/remembered-actor';
import { Lru } from '../common/lru';

export interface ExecutionRequest {
  document: DocumentNode;
  operation?: OperationDefinitionNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  contextValue: Ctx;
}

/** Non-production requests may send this header to force graphql-js (tests compare both paths). */
export const EXECUTOR_HEADER = 'x-epi-executor';

/**
 * Executes an operation: through the read compiler when it can answer the whole operation in one
 * statement (and `enabled`), otherwise, or if that statement fails, through graphql-js.
 */
export function makeExecutor(schema: GraphQLSchema, enabled: boolean, registry: ReadCompilerRegistry) {
  const cache = new CompileCache(COMPILE_CACHE_SIZE);
  const run = async (req: ExecutionRequest & { forceGraphqlJs?: boolean }): Promise<ExecutionResult> => {
    const ctx = req.contextValue;
    if (req.operation?.operation === 'subscription') {
      // graphql-js would run the subscription's resolver once without an event: an internal error.
      return { errors: [new GraphQLError('subscriptions run over the WebSocket endpoint (graphql-ws protocol on the same path), not over HTTP', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } })] };
    }
    if (enabled && !req.forceGraphqlJs && req.operation?.operation === 'query' && ctx.actor) {
      const compiled = compileFor(schema, registry, req, cache);
      if (compiled) {
        try {
          // An actor remembered from this token's last request: the statement answers only while
          // the account is still exactly that (one statement instead of a lookup and the read).
          const check = ctx.refreshActor ? actorUnchanged(ctx.actor, compiled.params.length + 1) : null;
          const row = check
            ? await runPrepared(ctx, checkedSql(compiled.sql, check.sql), [...compiled.params, ...check.params])
            : await runPrepared(ctx, compiled.sql, compiled.params);
          if (!row) {
            // The account changed (or is gone): look it up afresh, then answer for who it is now.
            const refused = await confirmActor(ctx);
            return refused ?? run(req);
          }
          ctx.refreshActor = undefined;
          // NULL: a guard failed (a record missing or out of reach): graphql-js gives the error.
          if (row.body !== null) return { data: compiledData(ctx, row.body) };
        } catch (err) {
          // Cancelled by the statement timeout: answering again through graphql-js would only
          // take longer. Anything else: graphql-js answers (and reports) it.
          if ((err as { code?: string }).code === '57014') return { errors: [new GraphQLError(STATEMENT_TIMEOUT_MESSAGE, { extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'TIMEOUT' } })] };
          ctx.log.warn({ err }, 'compiled read failed; answering through graphql-js')
        }
      }
    }
    if (ctx.refreshActor && confirmsItself(req.operation)) {
      // Its first statement checks the remembered actor (src/modules/account/remembered-actor.ts).
      const result = await execute({ schema, document: req.document, contextValue: ctx, variableValues: req.variables, operationName: req.operationName });
      if (ctx.actorRefusal) return asRefusal(ctx.actorRefusal);
      const refused = await confirmActor(ctx); // a field that never got as far as its read (skipped)
      return refused ?? result;
    }
    const refused = await confirmActor(ctx);
    if (refused) return refused;
    return execute({ schema, document: req.document, contextValue: ctx, variableValues: req.variables, operationName: req.operationName });
  };
  /** The compile cache's state (tests: a hit, the bound). */
  return Object.assign(run, { compileCache: cache.stats });
}

/**
 * A compiled statement that answers only while the actor is unchanged. Kept per statement text
 * (the same string object on every compile-cache hit), so neither the text is built nor its hash
 * computed again on every request (statementNames is keyed by it too).
 */
const checkedTexts = new Map<string, { check: string; text: string }>();
function checkedSql(sql: string, check: string): string {
  const known = checkedTexts.get(sql);
  if (known && known.check === check) return known.text;
  const text = `SELECT b.body FROM (${sql}) b WHERE ${check}`;
  if (checkedTexts.size >= COMPILE_CACHE_SIZE) checkedTexts.delete(checkedTexts.keys().next().value!);
  checkedTexts.set(sql, { check, text });
  return text;
}

/** A mutation made only of fields that confirm a remembered actor themselves (no fragments). */
function confirmsItself(op: OperationDefinitionNode | undefined): boolean {
  return op?.operation === 'mutation' && op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && SELF_CONFIRMING_MUTATIONS.has(s.name.value));
}

/** A refused lookup as the operation's whole answer (as `confirmActor` gives it). */
function asRefusal(err: unknown): ExecutionResult {
  if (err instanceof GraphQLError) return { errors: [err] };
  throw err;
}

/** A remembered actor, looked up afresh (nothing when there is none to confirm); a refusal as the answer. */
async function confirmActor(ctx: Ctx): Promise<ExecutionResult | null> {
  const refresh = ctx.refreshActor;
  if (!refresh) return null;
  try {
    ctx.actor = await refresh();
    ctx.refreshActor = undefined;
    return null;
  } catch (err) {
    if (err instanceof GraphQLError) return { errors: [err] };
    throw err;
  }
}

/**
 * Compiling an operation costs Node about as much as PostgreSQL spends answering it, so its
 * result (statement and parameters, or "not compilable") is kept, bounded, least recently used
 * first out. The key is everything the compilation reads: the document (Apollo keeps one parsed
 * DocumentNode per query text) and operation name, the coerced variables (they may change the
 * statement's text, not only its parameters), and the whole actor (role, agency, teams, sites:
 * scope conditions are written from them). A compilation that reads anything else of the
 * context — the clock above all (`ctx.now()`: overdue conditions, due lists), loaders, services
 * — is not kept: its statement or parameters could differ on the next request. The schema,
 * the registry and the config are this executor's own.
 */
const COMPILE_CACHE_SIZE = 500;
/** Keys longer than this (huge variables) are not kept: a hostile client cannot fill memory. */
const MAX_KEY_LENGTH = 8_192;
/** What a compilation may read of the context and still be kept (the actor is in the key). */
const CACHEABLE_CTX = new Set<PropertyKey>(['actor', 'em', 'config', 'log']);

class CompileCache {
  private readonly entries: Lru<string, CompiledOperation | null>;
  readonly stats = { hits: 0, misses: 0, uncacheable: 0, size: () => this.entries.size, max: 0 };
  constructor(max: number) {
    this.entries = new Lru(max);
    this.stats.max = max;
  }
  get(key: string): CompiledOperation | null | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: CompiledOperation | null): void {
    this.entries.set(key, value);
  }
}

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;
function documentId(document: DocumentNode): number {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = nextDocumentId++));
  return id;
}

/**
 * The cache key, or null when a value would not tell itself apart in JSON (a Map, a bigint: a
 * custom scalar's coerced value): only plain objects, arrays, strings, numbers, booleans, null
 * and Dates (JSON.stringify hands the replacer their ISO text) are written.
 */
function keyOf(document: DocumentNode, operationName: string | null | undefined, actor: unknown, variables: Record<string, unknown>): string | null {
  let plain = true;
  const replacer = function (this: Record<string, unknown>, k: string, v: unknown) {
    const original = this[k];
    if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol') plain = false;
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) plain = false;
    } else if (typeof v === 'number' && !Number.isFinite(v)) plain = false;
    else if (original instanceof Date && Number.isNaN(original.getTime())) plain = false;
    return typeof v === 'bigint' ? null : v;
  };
  const key = `${documentId(document)}\u0000${operationName ?? ''}\u0000${JSON.stringify(actor, replacer)}\u0000${JSON.stringify(variables, replacer)}`;
  return plain ? key : null;
}

function compileFor(schema: GraphQLSchema, registry: ReadCompilerRegistry, req: ExecutionRequest, cache: CompileCache): CompiledOperation | null {
  const operation = req.operation!;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], req.variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return null;
  const ctx = req.contextValue;
  const key = keyOf(req.document, req.operationName, ctx.actor, coerced.coerced);
  const cacheable = key !== null && key.length <= MAX_KEY_LENGTH;
  if (cacheable) {
    const hit = cache.get(key!);
    if (hit !== undefined) {
      cache.stats.hits += 1;
      return hit && { sql: hit.sql, params: hit.params.slice() };
    }
  }
  cache.stats.misses += 1;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of req.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  // Watches what the compilation reads of the context (see CACHEABLE_CTX).
  let readOther = false;
  const watched = new Proxy(ctx, {
    get(target, prop, receiver) {
      if (!CACHEABLE_CTX.has(prop)) readOther = true;
      return Reflect.get(target, prop, receiver);
    },
  });
  const compiled = compileOperation(watched, schema, registry, operation, fragments, coerced.coerced);
  if (cacheable && !readOther) cache.set(key!, compiled && { sql: compiled.sql, params: compiled.params.slice() });
  else cache.stats.uncacheable += 1;
  return compiled;
}

/**
 * Compiled statements are long and their planning costs PostgreSQL milliseconds, so they run as
 * named prepared statements: each pooled connection plans one once (and may keep a generic plan).
 * Clients choose the shapes, so at most MAX_PREPARED distinct texts get a name (pg keeps every
 * prepared statement for the life of the connection); the rest run unnamed.
 */
const MAX_PREPARED = 256;
const statementNames = new Map<string, string>();

async function runPrepared(ctx: Ctx, sql: string, params: unknown[]): Promise<{ body: string | null } | undefined> {
  // A heavy read: on a read replica that has the client's writes, when there is one.
  return onReplica(ctx, (ds) => runPreparedOn(ds, ctx.config.preparedStatements, sql, params));
}

async function runPreparedOn(ds: DataSource, prepared: boolean, sql: string, params: unknown[]): Promise<{ body: string | null } | undefined> {
  let name = prepared ? statementNames.get(sql) : undefined;
  if (prepared && !name && statementNames.size < MAX_PREPARED) {
    name = `epi_read_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  const scope = requestScope.getStore();
  if (scope) scope.sqlStatements += 1; // what TypeORM's logger counts for every other statement
  const pool = (ds.driver as PostgresDriver).master as Pool;
  const result = await pool.query<{ body: string | null }>(name ? { name, text: sql, values: params } : { text: sql, values: params });
  return result.rows[0];
}
