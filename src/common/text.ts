import { isUtf8 } from 'node:buffer';
import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { AppError } from './errors';

/**
 * Hostile text, refused at the input boundary (one place) before anything reaches a service or
 * PostgreSQL: NUL characters (PostgreSQL text cannot hold them: error 22021), lone UTF-16
 * surrogates (`"\ud800"` in JSON is valid JSON but no Unicode text) and request bodies that are
 * not valid UTF-8. The GraphQL check walks every argument of the operation (variables and inline
 * literals); the plain HTTP routes check their query parameters, headers and CSV cells here too.
 */

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const HOSTILE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why this string may not be stored, or null when it is fine. */
export function badTextReason(s: string): string | null {
  const m = HOSTILE.exec(s);
  if (!m) return null;
  return m[0] === '\u0000' ? 'must not contain NUL characters' : 'must be valid Unicode text (it holds a lone UTF-16 surrogate)';
}

const refuse = (field: string, reason: string) => new AppError('BAD_USER_INPUT', `${field}: ${reason}`, { field });

interface Step {
  value: unknown;
  key: string | number;
  parent: Step | null;
}

const pathOf = (step: Step): string => {
  const parts: (string | number)[] = [];
  for (let s: Step | null = step; s; s = s.parent) parts.push(s.key);
  return parts.reverse().join('.');
};

/**
 * The first hostile string in a value (strings, arrays, objects, their keys too), as the AppError
 * naming its dotted path (`input.answers.2.note`); undefined when all is fine. Iterative, so a
 * value nested a million levels deep cannot overflow the stack.
 */
export function findBadText(value: unknown, field: string): AppError | undefined {
  const stack: Step[] = [{ value, key: field, parent: null }];
  while (stack.length) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === 'string') {
      const reason = badTextReason(v);
      if (reason) return refuse(pathOf(step), reason);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: step });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const reason = badTextReason(entries[i][0]);
        if (reason) return refuse(pathOf(step), `a key ${reason}`);
        stack.push({ value: entries[i][1], key: entries[i][0], parent: step });
      }
    }
  }
  return undefined;
}

/** Throws BAD_USER_INPUT naming the field when the value holds hostile text. */
export function assertCleanText(value: unknown, field: string): void {
  const e = findBadText(value, field);
  if (e) throw e;
}

/** For the plain HTTP routes: every query parameter (`?district=%00` is BAD_USER_INPUT on `district`). */
export function assertCleanQuery(query: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(query)) {
    if (badTextReason(k)) throw refuse('query', `a parameter name ${badTextReason(k)}`);
    assertCleanText(v, k);
  }
}

/** `verify` for express.json / express.text: the raw body must be UTF-8 before it is decoded. */
export function verifyUtf8Body(_req: unknown, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw new AppError('BAD_USER_INPUT', 'the request body is not valid UTF-8', { field: 'body' });
}

function literalBadText(node: ValueNode, field: string, variables: Record<string, unknown>): AppError | undefined {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.ENUM: {
      const reason = badTextReason(node.value);
      return reason ? refuse(field, reason) : undefined;
    }
    case Kind.VARIABLE:
      return findBadText(variables[node.name.value], field);
    case Kind.LIST:
      for (let i = 0; i < node.values.length; i++) {
        const e = literalBadText(node.values[i], `${field}.${i}`, variables);
        if (e) return e;
      }
      return undefined;
    case Kind.OBJECT:
      for (const f of node.fields) {
        const e = literalBadText(f.value, `${field}.${f.name.value}`, variables);
        if (e) return e;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * One walk over an operation's argument values, before it runs: every argument of every field
 * and directive, inline literal or variable, named by its path from the argument (`input.name`,
 * as the zod errors name fields). Variables no argument uses are checked under their own names.
 */
export function findBadTextInOperation(document: DocumentNode, variables: Record<string, unknown> | undefined | null): AppError | undefined {
  const vars = variables ?? {};
  // The walk below names a bad variable by the argument it is used in. When the document's own
  // literals are clean (known per parsed document: Apollo keeps one per query text) and so are
  // the variables, there is nothing to name: skip the walk.
  let clean = cleanLiterals.get(document);
  if (clean === undefined) cleanLiterals.set(document, (clean = findBadTextInOperationWalk(document, {}) === undefined));
  if (clean && findBadText(vars, 'variables') === undefined) return undefined;
  return findBadTextInOperationWalk(document, vars);
}

/** Documents whose literals hold no hostile text (variables aside). */
const cleanLiterals = new WeakMap<DocumentNode, boolean>();

function findBadTextInOperationWalk(document: DocumentNode, vars: Record<string, unknown>): AppError | undefined {
  let found: AppError | undefined;
  visit(document, {
    Argument(node) {
      found ??= literalBadText(node.value, node.name.value, vars);
      return found ? false : undefined;
    },
  });
  return found ?? findBadText(vars, 'variables');
}

/**
 * Apollo plugin: the operation's arguments are checked once it is parsed and validated and
 * before anything executes. A refusal is BAD_USER_INPUT (HTTP 400) naming the argument path.
 */
export const hostileTextPlugin: ApolloServerPlugin<any> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, request }) {
        const e = findBadTextInOperation(document, request.variables);
        if (e) throw new GraphQLError(e.message, { extensions: { code: e.code, ...e.details, http: { status: 400 } } });
      },
    };
  },
};
