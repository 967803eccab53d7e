import {
  GraphQLObjectType,
  getNamedType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields';
import { getArgumentValues } from 'graphql/execution/values';
import type { EntityMetadata, EntityTarget } from 'typeorm';
import type { Permission } from '../common/authorize';
import { mayReadWith } from '../common/access';
import type { Actor, Ctx } from '../context';

/**
 * The read compiler: turns a whole query operation into ONE SQL statement in which PostgreSQL
 * builds the response JSON, as PostGraphile does, when every field of the operation is one it
 * knows how to reproduce exactly:
 *
 * - a field graphql-js would resolve with its default resolver from an entity column (no
 *   resolver in the schema, a column of the same property name, a scalar or enum type whose
 *   serialisation is reproduced below);
 * - a relation or root field a module registered (`CompiledRelation`, `CompiledRoot`) next to
 *   the loader or service it mirrors, with the same order, limits, scope and permission;
 * - `__typename`, aliases, fragments, `@include`/`@skip` (graphql-js's own collectFields).
 *
 * Anything else, and any argument the resolver would reject, makes the compiler decline
 * (`null`), and the operation runs through graphql-js as before: errors, authorization and the
 * schema are untouched, the compiler only answers what the resolvers would answer.
 * tests/integration/read-compiler.test.ts compares both paths byte for byte.
 */

/** One row's JSON per relation: `sql` returns a JSON-valued SQL expression, or null to decline. */
export interface CompiledRelation {
  /** graphql-js would call a resolver that checks this permission: without it, decline. */
  permission?: Permission;
  sql(c: Compilation, args: Record<string, unknown>, parent: string, fieldNodes: readonly FieldNode[], childType: GraphQLOutputType): string | null;
}

/** A root (Query) field answered in SQL. */
export interface CompiledRoot {
  permission: Permission;
  sql(c: Compilation, args: Record<string, unknown>, fieldNodes: readonly FieldNode[], type: GraphQLOutputType): string | null;
}

/** How rows of an abstract type tell their concrete type (the SQL twin of `__resolveType`). */
export interface CompiledAbstract {
  /** SQL text expression naming the GraphQL type of the row aliased `alias`. */
  typeName(alias: string, schema: GraphQLSchema): string;
}

export interface ReadCompilerRegistry {
  roots: Record<string, CompiledRoot>;
  /** Key `Type.field`. */
  relations: Record<string, CompiledRelation>;
  /** GraphQL object type → the entity whose columns back its fields. */
  entities: Record<string, EntityTarget<unknown>>;
  abstracts: Record<string, CompiledAbstract>;
}

/** Thrown inside a compilation to decline; caught at the top. */
class Decline extends Error {}

/** json_build_object takes at most 100 arguments. */
const MAX_PAIRS = 50;

/** The state of one compilation: parameters, aliases, the variables and fragments of the operation. */
export class Compilation {
  readonly params: unknown[] = [];
  /**
   * SQL conditions the answer depends on (the record exists, the actor may read it): when one is
   * false the statement answers NULL and graphql-js answers instead, with its error. The happy
   * path stays one statement; only a refused or missing record costs the resolvers' statements.
   */
  readonly guards: string[] = [];
  private aliases = 0;

  constructor(
    readonly ctx: Ctx,
    readonly actor: Actor,
    readonly schema: GraphQLSchema,
    private readonly registry: ReadCompilerRegistry,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  /** A new placeholder bound to `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Appends a statement fragment built with its own $1…$n and returns it renumbered. */
  embed(sql: string, params: unknown[]): string {
    const offset = this.params.length;
    this.params.push(...params);
    return sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  }

  /** The answer holds only when `condition` (SQL boolean) is true; see `guards`. */
  guard(condition: string): void {
    this.guards.push(`(${condition})`);
  }

  /**
   * JSON of an object type that no entity backs (a row a service computes): `__typename`,
   * aliases and fragments as usual, every other field from `field(name, nodes, field)`, which
   * returns its JSON-valued SQL or null to decline.
   */
  computed(type: GraphQLObjectType, fieldNodes: readonly FieldNode[], field: (name: string, nodes: readonly FieldNode[], def: GraphQLField<unknown, unknown>) => string | null): string {
    const pairs: string[] = [];
    for (const [key, nodes] of this.subfields(type, fieldNodes)) {
      const name = nodes[0].name.value;
      if (name === '__typename') {
        pairs.push(`${literal(key)}, ${literal(type.name)}`);
        continue;
      }
      const def = type.getFields()[name] ?? this.decline();
      pairs.push(`${literal(key)}, ${field(name, nodes, def) ?? this.decline()}`);
    }
    if (pairs.length === 0 || pairs.length > MAX_PAIRS) this.decline();
    return `json_build_object(${pairs.join(', ')})`;
  }

  /** A fresh table alias. */
  alias(prefix: string): string {
    return `${prefix}${this.aliases++}`;
  }

  /** Stops the compilation: the operation will run through graphql-js. */
  decline(): never {
    throw new Decline();
  }

  args(field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
    return getArgumentValues(field, node, this.variables);
  }

  subfields(type: GraphQLObjectType, fieldNodes: readonly FieldNode[]): Map<string, readonly FieldNode[]> {
    return collectSubfields(this.schema, this.fragments, this.variables, type, fieldNodes);
  }

  /** JSON of one row aliased `alias`, of `type` (object or abstract), as the selection asks. */
  element(type: GraphQLOutputType, fieldNodes: readonly FieldNode[], alias: string): string {
    const named = getNamedType(type);
    if (isAbstractType(named)) {
      const abstract = this.registry.abstracts[named.name] ?? this.decline();
      const typeName = abstract.typeName(alias, this.schema);
      const types = this.schema.getPossibleTypes(named);
      // Usually every concrete type gets the same fields (no type-conditioned fragments):
      // compile each from the same state and, if all come out alike, emit one object, not a
      // CASE repeating every subquery once per type (PostgreSQL plans each branch).
      const start = { params: this.params.length, aliases: this.aliases };
      const compiled = types.map((t) => {
        this.params.length = start.params;
        this.aliases = start.aliases;
        const sql = this.object(t, fieldNodes, alias, typeName);
        return { sql, params: JSON.stringify(this.params.slice(start.params)) };
      });
      if (compiled.every((b) => b.sql === compiled[0].sql && b.params === compiled[0].params)) {
        // The state is that of the last branch, identical to the first's.
        return compiled[0].sql;
      }
      this.params.length = start.params;
      this.aliases = start.aliases;
      const branches = types.map((t) => `WHEN ${literal(t.name)} THEN ${this.object(t, fieldNodes, alias, typeName)}`);
      return `CASE ${typeName} ${branches.join(' ')} END`;
    }
    if (!isObjectType(named)) return this.decline();
    return this.object(named, fieldNodes, alias, literal(named.name));
  }

  /** `typeName`: SQL giving `__typename` (a literal, or the abstract type's expression). */
  private object(type: GraphQLObjectType, fieldNodes: readonly FieldNode[], alias: string, typeName: string): string {
    const entity = this.registry.entities[type.name] ?? this.decline();
    const metadata = this.ctx.em.connection.getMetadata(entity);
    const pairs: string[] = [];
    for (const [key, nodes] of this.subfields(type, fieldNodes)) {
      const name = nodes[0].name.value;
      if (name === '__typename') {
        pairs.push(`${literal(key)}, ${typeName}`);
        continue;
      }
      const field = type.getFields()[name] ?? this.decline();
      const relation = this.registry.relations[`${type.name}.${name}`];
      if (relation) {
        if (relation.permission && !mayReadWith(this.actor, relation.permission)) this.decline();
        const sql = relation.sql(this, this.args(field, nodes[0]), alias, nodes, field.type);
        pairs.push(`${literal(key)}, ${sql ?? this.decline()}`);
      } else if (!field.resolve) {
        pairs.push(`${literal(key)}, ${column(metadata, name, field.type, alias) ?? this.decline()}`);
      } else {
        this.decline();
      }
    }
    if (pairs.length === 0 || pairs.length > MAX_PAIRS) this.decline();
    return `json_build_object(${pairs.join(', ')})`;
  }
}

/**
 * The column behind a default-resolved field, as JSON that serialises exactly as graphql-js
 * would serialise the entity's value; null when the combination is not one reproduced here.
 */
function column(metadata: EntityMetadata, property: string, type: GraphQLOutputType, alias: string): string | null {
  const col = metadata.columns.find((c) => c.propertyName === property && !c.relationMetadata);
  if (!col || col.transformer || col.isArray) return null;
  const sql = `${alias}."${col.databaseName}"`;
  const dbType = typeof col.type === 'string' ? col.type : '';
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    // Lists of scalars are stored as jsonb arrays (evidenceIds, parties).
    const item = getNamedType(inner);
    return dbType === 'jsonb' && isScalarType(item) && ['ID', 'String'].includes(item.name) ? sql : null;
  }
  const named: GraphQLNamedType = getNamedType(inner);
  if (isEnumType(named)) {
    // Stored as the enum value's name, and the schema maps no value to another internal value.
    return ['varchar', 'text', 'character varying'].includes(dbType) && named.getValues().every((v) => v.value === v.name) ? sql : null;
  }
  switch (named.name) {
    case 'ID':
    case 'String':
      return ['uuid', 'varchar', 'text', 'character varying'].includes(dbType) ? sql : null;
    case 'Int':
      return ['int', 'int4', 'integer'].includes(dbType) ? sql : null;
    case 'Float':
      return ['double precision', 'float8', 'int', 'int4', 'integer'].includes(dbType) ? sql : null;
    case 'Boolean':
      return dbType === 'boolean' ? sql : null;
    case 'DateTime':
      // graphql-scalars hands the Date to JSON.stringify: toISOString(), milliseconds, UTC.
      // pg's Date keeps whole milliseconds (postgres-date truncates), as to_char's MS does.
      return dbType === 'timestamptz' || dbType === 'timestamp with time zone' ? dateTimeJson(sql) : null;
    case 'JSON':
    case 'JSONObject':
      return dbType === 'jsonb' ? sql : null;
    default:
      return null;
  }
}

/**
 * A timestamptz SQL expression as graphql-scalars' DateTime serialises the Date pg gives for it:
 * toISOString(), whole milliseconds (postgres-date truncates, as to_char's MS does), UTC.
 */
export function dateTimeJson(sql: string): string {
  return `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A SQL string literal (field and type names are GraphQL names: [_A-Za-z][_0-9A-Za-z]*). */
export function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export interface CompiledOperation {
  sql: string;
  params: unknown[];
}

/**
 * ONE statement answering the whole query operation, its single column `body` being the `data`
 * object as JSON text (NULL when a guard fails: graphql-js answers then); null when any part of
 * it is not compilable.
 */
export function compileOperation(
  ctx: Ctx,
  schema: GraphQLSchema,
  registry: ReadCompilerRegistry,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): CompiledOperation | null {
  const actor = ctx.actor;
  const queryType = schema.getQueryType();
  if (!actor || operation.operation !== 'query' || !queryType) return null;
  const c = new Compilation(ctx, actor, schema, registry, fragments, variables);
  try {
    const pairs: string[] = [];
    for (const [key, nodes] of collectFields(schema, fragments, variables, queryType, operation.selectionSet)) {
      const name = nodes[0].name.value;
      if (name === '__typename') {
        pairs.push(`${literal(key)}, 'Query'`);
        continue;
      }
      const root = registry.roots[name];
      const field = queryType.getFields()[name];
      if (!root || !field || !mayReadWith(actor, root.permission)) return null;
      const sql = root.sql(c, c.args(field, nodes[0]), nodes, field.type);
      if (!sql) return null;
      pairs.push(`${literal(key)}, ${sql}`);
    }
    if (pairs.length === 0 || pairs.length > MAX_PAIRS) return null;
    const body = `json_build_object(${pairs.join(', ')})::text`;
    return { sql: c.guards.length ? `SELECT CASE WHEN ${c.guards.join(' AND ')} THEN ${body} END AS body` : `SELECT ${body} AS body`, params: c.params };
  } catch {
    // A Decline, or an argument the resolver would reject (AppError): graphql-js answers.
    return null;
  }
}

/** The object type a connection field returns (for compiling `nodes`, `totalCount`). */
export function objectTypeOf(type: GraphQLOutputType): GraphQLObjectType | null {
  const named = getNamedType(type);
  return named instanceof GraphQLObjectType ? named : null;
}
