import { randomBytes } from 'node:crypto';
import { parse as parseUrl } from 'node:url';
import type { Request, Response } from 'express';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Ctx } from '../context';
import { requestScope } from '../common/request-context';

/**
 * A compiled read's answer is JSON text that PostgreSQL built. Parsing it only for Apollo to
 * stringify it again cost about 13 % of the hub's CPU on the nested read (BENCHMARKS.md), and
 * turned each response's 1,600 objects into garbage that kept the heap, and so the RSS, high.
 * Instead, for a request that came through `graphqlHttpHandler`, the executor answers with a
 * placeholder whose JSON is a marker string, and the handler splices the text in where Apollo
 * serialized the marker. The marker starts with a NUL (escaped as \u0000 in JSON), which no
 * stored text can hold, and carries a random per-process token.
 * Anything else that runs the executor (no handler to splice) gets parsed data as before.
 */
const MARKER = `\u0000epi-compiled-${randomBytes(12).toString('hex')}`;
const MARKER_JSON = JSON.stringify(MARKER);

/**
 * Where the handler looks for the text. Apollo Server 5 hands the executor a shallow copy of the
 * context (`cloneObject` in its `internalExecuteOperation`), not the object the handler built, so
 * the slot is an object held under a symbol key, which the copy shares (an earlier WeakSet of
 * contexts never matched: every compiled read was parsed and stringified again).
 */
const SPLICE = Symbol('epi.splice');
interface SpliceSlot {
  text?: string;
}
type Spliceable = Ctx & { [SPLICE]?: SpliceSlot };

/** The data of a compiled read: a placeholder when the HTTP handler splices, parsed otherwise. */
export function compiledData(ctx: Ctx, text: string): Record<string, unknown> {
  const slot = (ctx as Spliceable)[SPLICE];
  if (!slot) return JSON.parse(text) as Record<string, unknown>;
  slot.text = text;
  return { toJSON: () => MARKER };
}

/**
 * The response body as pieces: the compiled read's text in place of its marker. Written piece by
 * piece, so the text is never copied into another string (each is over V8's large-object size,
 * and went straight to the old generation).
 */
function spliced(ctx: Ctx, body: string): string[] {
  const text = (ctx as Spliceable)[SPLICE]?.text;
  if (text === undefined) return [body];
  const at = body.indexOf(MARKER_JSON);
  return at < 0 ? [body] : [body.slice(0, at), text, body.slice(at + MARKER_JSON.length)];
}

/**
 * Apollo Server over Express, as @as-integrations/express5's `expressMiddleware` does it, plus
 * the splice above. The body goes out with `res.end`, not `res.send`: Express would hash every
 * response for an ETag (about 1.5 % of the CPU on the nested read), which no GraphQL POST uses.
 */
export function graphqlHttpHandler(apollo: ApolloServer<Ctx>, context: (req: Request) => Promise<Ctx>) {
  apollo.assertStarted('graphqlHttpHandler()');
  return async (req: Request, res: Response) => {
    if (!('body' in req)) {
      res.status(500).send('`req.body` is not set: the json middleware must come before the GraphQL handler.');
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    let ctx: Ctx | null = null;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: parseUrl(req.url).search ?? '', body: req.body },
      context: async () => {
        const built: Spliceable = await context(req);
        built[SPLICE] = {};
        return (ctx = built);
      },
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status || 200;
    if (response.body.kind === 'complete') {
      const pieces = ctx ? spliced(ctx, response.body.string) : [response.body.string];
      res.setHeader('content-length', pieces.reduce((n, p) => n + Buffer.byteLength(p), 0));
      if (pieces.length > 1) requestScope.getStore()?.stampStatements?.();
      res.cork();
      for (const p of pieces.slice(0, -1)) res.write(p);
      res.end(pieces[pieces.length - 1]);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
