import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { NextFunction, Request, Response } from 'express';
import { PAGE_LIMITS, pageLimitFor, type PageLimit } from './pagination';

/**
 * Operation limits, checked on the request's text before anything else runs (no token check, no
 * SQL, no resolver): the document's tokens (while parsing), its depth, aliases and directives
 * (graphql-armor's rules), every page-size argument against its maximum, and its cost
 * (graphql-query-complexity with the estimator below). The same check guards subscriptions.
 */
export interface OperationLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  /** What a list field without a page argument is assumed to hold when costing. */
  listSize: number;
}

export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface GuardVerdict {
  /** Refusals, ready to send (extensions.code BAD_USER_INPUT with the limit, its value and maximum). */
  errors?: GraphQLError[];
  /** The document asks for the schema (`__schema` or `__type`). */
  introspection?: boolean;
  /** The measured values (for logs and the benchmark). */
  measured?: { tokens: number; depth: number; aliases: number; directives: number; cost: number };
}

/** A refusal: BAD_USER_INPUT naming the limit, the value found and the maximum. */
export function limitError(limit: string, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', limit, ...details } });
}

/** Every list field costs its page size (or `listSize`) times what is selected under it. */
function makeEstimator(limits: OperationLimits, refusals: GraphQLError[]): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const named = getNamedType(field.type);
    if (!isCompositeType(named)) return 0; // scalars and enums: counted with their object
    const page = pageLimitFor(type, field);
    let size: number | null = null;
    if (page) {
      const given = readPath(args, page.arg);
      const n = given === undefined || given === null ? page.default : (given as number);
      if (!Number.isInteger(n) || n < page.min || n > page.max) {
        refusals.push(
          limitError('pageSize', `${type.name}.${field.name}: ${page.arg} must be between ${page.min} and ${page.max} (got ${String(n)})`, {
            field: page.arg,
            value: n,
            maximum: page.max,
          }),
        );
        return 0;
      }
      size = n;
    }
    // A connection's items are its edges/nodes: the connection field multiplies, they do not.
    if (isConnection(type) && (field.name === 'edges' || field.name === 'nodes')) return 1 + childComplexity;
    if (isConnection(named)) return 1 + (size ?? limits.listSize) * childComplexity;
    if (isListType(getNullableType(field.type))) return (size ?? limits.listSize) * (1 + childComplexity);
    return 1 + childComplexity;
  };
}

const isConnection = (t: { name: string }) => t.name.endsWith('Connection');

function readPath(args: Record<string, unknown>, path: string): unknown {
  let v: unknown = args;
  for (const key of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/**
 * Fails fast at startup when a field takes a page-size argument that PAGE_LIMITS does not bound,
 * so a new list argument cannot slip past the limits.
 */
export function assertPageLimitsCoverSchema(schema: GraphQLSchema): void {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const pageArgs = field.args.filter((a) => /^(first|last|limit)$/.test(a.name) || (isInputObjectType(getNamedType(a.type)) && 'limit' in (getNamedType(a.type) as { getFields(): object }).getFields()));
      if (pageArgs.length && !pageLimitFor(type, field as GraphQLField<unknown, unknown>)) missing.push(`${type.name}.${field.name}`);
    }
  }
  if (missing.length) throw new Error(`page-size arguments without a maximum in PAGE_LIMITS (src/common/pagination.ts): ${missing.join(', ')}`);
}

/**
 * Builds the check for one schema. The structural part (tokens, depth, aliases, directives) of a
 * document is cached by its text, so a client's repeated queries are parsed once; the verdict on
 * its cost by the operation name and variables too (variables may set page sizes).
 */
export function makeOperationGuard(schema: GraphQLSchema, limits: OperationLimits) {
  assertPageLimitsCoverSchema(schema);
  type Structural = {
    document?: DocumentNode;
    errors?: GraphQLError[];
    introspection: boolean;
    tokens: number;
    depth: number;
    aliases: number;
    directives: number;
    /** The variables the cost can depend on (sorted): those in a paged field's arguments or in a directive's (@include, @skip). */
    costVariables: string[];
    verdicts: Map<string, GuardVerdict>;
  };
  const cache = new Map<string, Structural>();
  const CACHE_ENTRIES = 500;
  const CACHE_MAX_TEXT = 20_000;

  const structural = (query: string): Structural => {
    const hit = cache.get(query);
    if (hit) return hit;
    const result = checkStructure(query);
    if (query.length <= CACHE_MAX_TEXT) {
      if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(query, result);
    }
    return result;
  };

  const checkStructure = (query: string): Structural => {
    const out: Structural = { introspection: false, tokens: 0, depth: 0, aliases: 0, directives: 0, costVariables: [], verdicts: new Map() };
    let document: DocumentNode;
    const parser = new MaxTokensParserWLexer(query, { n: limits.maxTokens, noLocation: false });
    try {
      document = parser.parseDocument();
    } catch (err) {
      if (err instanceof GraphQLError && /Token limit/.test(err.message)) {
        out.errors = [limitError('tokens', `the document has more than ${limits.maxTokens} tokens (QUERY_MAX_TOKENS)`, { maximum: limits.maxTokens })];
      }
      // Any other syntax error: graphql's own parser reports it, with its location.
      return out;
    }
    out.tokens = parser.tokenCount;
    const refusals: GraphQLError[] = [];
    const reject = (limit: string, env: string, max: number) => (_ctx: unknown, err: GraphQLError) => {
      const found = Number(/found (\d+)/.exec(err.message)?.[1]);
      refusals.push(limitError(limit, `the operation's ${limit} is ${found}, more than the maximum of ${max} (${env})`, { value: found, maximum: max }));
    };
    const accept = (key: 'depth' | 'aliases' | 'directives') => (_ctx: unknown, { n }: { n: number }) => void (out[key] = Math.max(out[key], n));
    const rules: ValidationRule[] = [
      maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, propagateOnRejection: false, onReject: [reject('depth', 'QUERY_MAX_DEPTH', limits.maxDepth)], onAccept: [accept('depth')] }) as ValidationRule,
      maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [reject('aliases', 'QUERY_MAX_ALIASES', limits.maxAliases)], onAccept: [accept('aliases')] }) as ValidationRule,
      maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false, onReject: [reject('directives', 'QUERY_MAX_DIRECTIVES', limits.maxDirectives)], onAccept: [accept('directives')] }) as ValidationRule,
    ];
    validate(schema, document, rules);
    const typeInfo = new TypeInfo(schema);
    const costVariables = new Set<string>();
    const collect = (node: Parameters<typeof visit>[0]) => visit(node, { Variable: (v) => void costVariables.add(v.name.value) });
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          if (node.name.value === '__schema' || node.name.value === '__type') out.introspection = true;
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (parent && field && pageLimitFor(parent, field)) for (const a of node.arguments ?? []) collect(a.value);
        },
        Directive(node) {
          for (const a of node.arguments ?? []) collect(a.value);
        },
      }),
    );
    out.costVariables = [...costVariables].sort();
    if (refusals.length) out.errors = refusals;
    else out.document = document;
    return out;
  };

  return function check(req: OperationRequest): GuardVerdict {
    if (typeof req.query !== 'string') return {};
    const s = structural(req.query);
    if (s.errors) return { errors: s.errors };
    if (!s.document) return {}; // a syntax error: graphql reports it
    // The cost depends only on the document, the operation and the variables that set page sizes
    // or include/skip a selection: a client repeating a request is costed once (a few hundred µs
    // for the benchmark's 4-level read), and a filing's answers (other variables) do not make every
    // filing a new entry. Only a verdict that was computed is kept: variables graphql cannot
    // coerce leave the cost unknown (graphql refuses them), and the next request is costed anew.
    const vars = req.variables ?? {};
    const key = `${req.operationName ?? ''}\u0000${JSON.stringify(Object.fromEntries(s.costVariables.filter((n) => n in vars).map((n) => [n, vars[n]])))}`;
    const known = s.verdicts.get(key);
    if (known) return known;
    const verdict = costVerdict(s as Structural & { document: DocumentNode }, req);
    if (verdict !== UNCOSTED && key.length <= 500) {
      if (s.verdicts.size >= 16) s.verdicts.delete(s.verdicts.keys().next().value as string);
      s.verdicts.set(key, verdict);
    }
    return verdict;
  };

  function costVerdict(s: Structural & { document: DocumentNode }, req: OperationRequest): GuardVerdict {
    const introspection = s.introspection;
    const refusals: GraphQLError[] = [];
    let cost: number;
    try {
      cost = getComplexity({
        schema,
        query: s.document,
        variables: req.variables ?? {},
        operationName: req.operationName ?? undefined,
        estimators: [makeEstimator(limits, refusals)],
        // Fragments spread in fragments are costed once per spread: bound that work too.
        maxQueryNodes: limits.maxTokens * 4,
      });
    } catch (err) {
      if (err instanceof GraphQLError && /maximum allowed number of nodes/.test(err.message)) {
        return { errors: [limitError('cost', `the operation expands to more than ${limits.maxTokens * 4} fields (QUERY_MAX_TOKENS × 4)`, { maximum: limits.maxTokens * 4 })] };
      }
      // Bad variables, an unknown operation name: graphql's validation reports them.
      return UNCOSTED;
    }
    if (refusals.length) return { errors: refusals, introspection };
    if (cost > limits.maxCost) {
      return { introspection, errors: [limitError('cost', `the operation's cost is ${cost}, more than the maximum of ${limits.maxCost} (QUERY_MAX_COST; a list counts its page size times what is selected in it)`, { value: cost, maximum: limits.maxCost })] };
    }
    return { introspection, measured: { tokens: s.tokens, depth: s.depth, aliases: s.aliases, directives: s.directives, cost } };
  }
}

/** The verdict when the cost could not be computed (variables graphql refuses, an unknown operation): not kept. */
const UNCOSTED: GuardVerdict = Object.freeze({});

export type OperationGuard = ReturnType<typeof makeOperationGuard>;

/** Production: validation messages do not suggest names ("Did you mean …?"), which would map the schema. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?\s*$/s, '');
}

export { PAGE_LIMITS, type PageLimit };

export interface GuardMiddlewareOptions {
  guard: OperationGuard;
  /** Production: introspection needs an Authorization header (verified with the rest of the request). */
  introspectionNeedsToken: boolean;
  log?: { debug(obj: object, msg: string): void };
}

/**
 * Express middleware in front of Apollo, after the JSON body parser: refuses batched requests and
 * operations past a limit before the request's token is checked or any SQL runs.
 */
export function operationLimitsMiddleware(opts: GuardMiddlewareOptions) {
  const send = (res: Response, status: number, errors: GraphQLError[]) => res.status(status).json({ errors: errors.map((e) => e.toJSON()) });
  return (req: Request, res: Response, next: NextFunction) => {
    let request: OperationRequest | undefined;
    if (req.method === 'POST') {
      if (Array.isArray(req.body)) return send(res, 400, [limitError('batch', 'batched requests are not accepted: send one operation per request')]);
      const b = req.body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
      if (b && typeof b.query === 'string') request = { query: b.query, variables: isRecord(b.variables) ? b.variables : undefined, operationName: typeof b.operationName === 'string' ? b.operationName : undefined };
    } else if (req.method === 'GET' && typeof req.query.query === 'string') {
      let variables: Record<string, unknown> | undefined;
      try {
        const v = typeof req.query.variables === 'string' ? JSON.parse(req.query.variables) : undefined;
        if (isRecord(v)) variables = v;
      } catch {
        /* graphql reports bad variables */
      }
      request = { query: req.query.query, variables, operationName: typeof req.query.operationName === 'string' ? req.query.operationName : undefined };
    }
    if (!request) return next();
    const verdict = opts.guard(request);
    if (verdict.errors) return send(res, 400, verdict.errors);
    if (verdict.introspection && opts.introspectionNeedsToken && !req.get('authorization')) {
      return send(res, 401, [new GraphQLError('introspection needs a signed-in token', { extensions: { code: 'UNAUTHENTICATED' } })]);
    }
    if (verdict.measured) opts.log?.debug({ limits: verdict.measured }, 'operation measured');
    next();
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
