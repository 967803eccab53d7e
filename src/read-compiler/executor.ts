import { GraphQLError, Kind, execute, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { requestScope } from '../common/request-context';
import { STATEMENT_TIMEOUT_MESSAGE } from '../common/errors';
import type { Ctx } from '../context';
import { compileOperation, type ReadCompilerRegistry } from './compiler';
import { onReplica } from '../db/read-your-writes';
import type { DataSource } from 'typeorm';

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
  return async (req: ExecutionRequest & { forceGraphqlJs?: boolean }): Promise<ExecutionResult> => {
    const ctx = req.contextValue;
    if (req.operation?.operation === 'subscription') {
      // graphql-js would run the subscription's resolver once without an event: an internal error.
      return { errors: [new GraphQLError('subscriptions run over the WebSocket endpoint (graphql-ws protocol on the same path), not over HTTP', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } })] };
    }
    if (enabled && !req.forceGraphqlJs && req.operation?.operation === 'query' && ctx.actor) {
      const compiled = compileFor(schema, registry, req);
      if (compiled) {
        try {
          const body = await runPrepared(ctx, compiled.sql, compiled.params);
          // NULL: a guard failed (a record missing or out of reach): graphql-js gives the error.
          if (body !== null) return { data: JSON.parse(body) as Record<string, unknown> };
        } catch (err) {
          // Cancelled by the statement timeout: answering again through graphql-js would only
          // take longer. Anything else: graphql-js answers (and reports) it.
          if ((err as { code?: string }).code === '57014') return { errors: [new GraphQLError(STATEMENT_TIMEOUT_MESSAGE, { extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'TIMEOUT' } })] };
          ctx.log.warn({ err }, 'compiled read failed; answering through graphql-js')
        }
      }
    }
    return execute({ schema, document: req.document, contextValue: ctx, variableValues: req.variables, operationName: req.operationName });
  };
}

function compileFor(schema: GraphQLSchema, registry: ReadCompilerRegistry, req: ExecutionRequest) {
  const operation = req.operation!;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], req.variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of req.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return compileOperation(req.contextValue, schema, registry, operation, fragments, coerced.coerced);
}

/**
 * Compiled statements are long and their planning costs PostgreSQL milliseconds, so they run as
 * named prepared statements: each pooled connection plans one once (and may keep a generic plan).
 * Clients choose the shapes, so at most MAX_PREPARED distinct texts get a name (pg keeps every
 * prepared statement for the life of the connection); the rest run unnamed.
 */
const MAX_PREPARED = 256;
const statementNames = new Map<string, string>();

async function runPrepared(ctx: Ctx, sql: string, params: unknown[]): Promise<string | null> {
  // A heavy read: on a read replica that has the client's writes, when there is one.
  return onReplica(ctx, (ds) => runPreparedOn(ds, ctx.config.preparedStatements, sql, params));
}

async function runPreparedOn(ds: DataSource, prepared: boolean, sql: string, params: unknown[]): Promise<string | null> {
  let name = prepared ? statementNames.get(sql) : undefined;
  if (prepared && !name && statementNames.size < MAX_PREPARED) {
    name = `epi_read_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  const scope = requestScope.getStore();
  if (scope) scope.sqlStatements += 1; // what TypeORM's logger counts for every other statement
  const pool = (ds.driver as PostgresDriver).master as Pool;
  const result = await pool.query<{ body: string | null }>(name ? { name, text: sql, values: params } : { text: sql, values: params });
  return result.rows[0].body;
}
