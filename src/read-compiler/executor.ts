import { Kind, execute, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { Ctx } from '../context';
import { compileOperation, type ReadCompilerRegistry } from './compiler';
import { readCompilerRegistry } from './registry';

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
export function makeExecutor(schema: GraphQLSchema, enabled: boolean, registry: ReadCompilerRegistry = readCompilerRegistry) {
  return async (req: ExecutionRequest & { forceGraphqlJs?: boolean }): Promise<ExecutionResult> => {
    const ctx = req.contextValue;
    if (enabled && !req.forceGraphqlJs && req.operation?.operation === 'query' && ctx.actor) {
      const compiled = compileFor(schema, registry, req);
      if (compiled) {
        try {
          const rows: { body: string }[] = await ctx.em.query(compiled.sql, compiled.params);
          return { data: JSON.parse(rows[0].body) as Record<string, unknown> };
        } catch (err) {
          ctx.log.warn({ err }, 'compiled read failed; answering through graphql-js');
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
