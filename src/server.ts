import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import cors from 'cors';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { DataSource } from 'typeorm';
import { GraphQLError, parse, printSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Actor, Ctx } from './context';
import type { Services } from './common/services';
import { buildSchema } from './schema';
import { makeFormatError, AppError, fromDatabase, isLostConnection } from './common/errors';
import { requestScope, type RequestScope } from './common/request-context';
import { findBadTextInOperation, hostileTextPlugin, verifyUtf8Body } from './common/text';
import { loadActor } from './modules/account/auth.service';
import { makeTokenService } from './modules/account/token.service';
import { makeAuditSealer } from './modules/audit/audit-chain';
import { mountGraphiql } from './graphiql';
import { mountWebApp } from './web-app';
import { httpRoutes } from './routes';
import { answerClientErrors, refuseDeclaredOver } from './common/http-body';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { FeedHub, type FeedConnection } from './modules/feed/feed-hub';
import { makeFeedWatcher } from './modules/feed/feed-watcher';
import { attachFeedConnection } from './modules/feed/feed.resolvers';
import { EXECUTOR_HEADER, makeExecutor } from './read-compiler/executor';
import { graphqlHttpHandler } from './read-compiler/raw-response';
import { closeIfSettled } from './modules/inspection/inspection-support';
import { readCompilerRegistry } from './read-compiler-registry';
import { makeOperationGuard, operationLimitsMiddleware, withoutSuggestions } from './common/limits';
import { withDeadline } from './common/deadline';
import { makeBlobStore } from './modules/attachment/blob-store';
import { LSN_HEADER, parseLsn, type ReadRouter } from './db/replicas';
import { stampCommitLsn } from './db/read-your-writes';

export interface ServerDeps {
  config: Config;
  ds: DataSource;
  log: Logger;
  /** Override the clock (tests). */
  now?: () => Date;
  /** Read replicas (DATABASE_READ_URLS), started by the caller; the server stops it. */
  reads?: ReadRouter;
}

export interface HubServer {
  app: Express;
  httpServer: http.Server;
  services: Services;
  /** Builds the per-request context for an HTTP request (GraphQL and plain routes alike). */
  contextFor(req: Request): Promise<Ctx>;
  listen(port: number, host?: string): Promise<number>;
  /** The read compiler's cache of compiled operations (tests: hits, misses, its bound). */
  readCompilerCache: ReturnType<typeof makeExecutor>['compileCache'];
  /** Stops taking requests, waits for in-flight ones, stops background work. Leaves the DB open. */
  stop(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';

/** Builds the hub with no globals, so tests can build as many as they like. */
export async function createServer(deps: ServerDeps): Promise<HubServer> {
  const { config, ds, log } = deps;
  const now = deps.now ?? (() => new Date());
  const feed = new FeedHub({ ds, log, now, pollIntervalMs: config.feedPollIntervalMs, accessRefreshMs: config.feedAccessRefreshMs, databaseUrl: config.listenUrl, horizon: config.feedHorizon, preparedStatements: config.preparedStatements });
  const services: Services = {
    tokens: makeTokenService(config),
    sealer: makeAuditSealer({ ds, log, prepared: config.preparedStatements }),
    feed,
    feedWatcher: makeFeedWatcher({ ds, log, now, intervalMs: config.feedScanIntervalMs, retentionDays: config.feedRetentionDays }),
    closeInspectionIfSettled: closeIfSettled,
    blobs: makeBlobStore(config),
    reads: deps.reads,
  };
  await feed.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const httpServer = http.createServer(app);
  answerClientErrors(httpServer);
  // An idle keep-alive socket is closed by the client or the proxy in front (load balancers keep
  // them ~60 s), not by the hub first: a client that reuses a socket the server is just closing
  // gets ECONNRESET. Clients that read the Keep-Alive hint close ~1–2 s before it.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  // Request id and per-request scope (statement counter) for everything below.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    const requestId = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    const scope: RequestScope = { requestId, sqlStatements: 0 };
    (req as Request & { scope: typeof scope }).scope = scope;
    const started = process.hrtime.bigint();
    if (config.env !== 'production') {
      const end = res.end.bind(res);
      const stamp = (scope.stampStatements = () => void (res.headersSent || res.setHeader('x-sql-statements', String(scope.sqlStatements))));
      res.end = ((...args: Parameters<typeof res.end>) => {
        stamp();
        return end(...args);
      }) as typeof res.end;
    }
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ requestId, method: req.method, url: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10, sql: scope.sqlStatements }, 'request');
    });
    requestScope.run(scope, () => next());
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready: the primary answers and every migration this build knows is applied there (a process
  // of a newer build waits for its migrations). Replicas are reported, never required: a read
  // falls back to the primary without them.
  const migrationNames = () => ds.migrations.map((m) => m.name ?? m.constructor.name);
  // A pooled connection whose server process was terminated (a restart, a failover, an admin's
  // pg_terminate_backend) fails its next statement even when the database is back; the pool drops
  // it, so the probe asks again on another before it says the database is not reachable.
  const appliedMigrations = async (): Promise<number> => {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!ds.isInitialized) throw new Error('not initialised');
        const [row] = await ds.query('SELECT count(*)::int AS n FROM migration WHERE name = ANY($1)', [migrationNames()]);
        return row.n;
      } catch (err) {
        if (attempt >= 10 || !isLostConnection(err)) throw err;
      }
    }
  };
  app.get('/readyz', async (_req, res) => {
    let applied: number;
    try {
      applied = await appliedMigrations();
    } catch {
      return void res.status(503).json({ status: 'unavailable', reason: 'database not reachable' });
    }
    const pending = migrationNames().length - applied;
    if (pending > 0) return void res.status(503).json({ status: 'unavailable', reason: `${pending} migration(s) not applied` });
    res.json({ status: 'ready', ...(services.reads ? { replicas: services.reads.status() } : {}) });
  });

  const corsMiddleware = cors({
    origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
    credentials: false,
    allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'apollo-require-preflight', LSN_HEADER],
    exposedHeaders: ['x-request-id', LSN_HEADER],
    maxAge: 600,
  });

  /**
   * What each token signed in as at its last lookup, for GraphQL reads: a compiled read checks
   * the remembered actor inside its own statement (one statement instead of two), anything else
   * looks the account up afresh first (`Ctx.refreshActor`), so access is exactly as current as
   * with a lookup on every request. Not with read replicas: the check must see the primary.
   */
  const remembered = deps.reads ? null : new Map<string, Actor>();
  const REMEMBERED_TOKENS = 2_000;
  const bearer = (header: string): string => {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new AppError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"');
    return m[1];
  };

  /** The actor a bearer header signs in, and when its token expires. */
  const signIn = async (header: string | undefined): Promise<{ actor: Actor; expiresAt: number } | null> => {
    if (!header) return null;
    const token = bearer(header);
    const claims = await services.tokens.verify(token);
    let actor: Actor | null;
    try {
      actor = await loadActor({ em: ds.manager, config }, claims.accountId);
    } catch (err) {
      throw fromDatabase(err) ?? err; // a lost database is SERVICE_UNAVAILABLE, not a failed sign-in
    }
    if (!actor) {
      remembered?.delete(token);
      throw new AppError('UNAUTHENTICATED', 'this account is no longer active; sign in again');
    }
    if (remembered) {
      remembered.delete(token);
      if (remembered.size >= REMEMBERED_TOKENS) remembered.delete(remembered.keys().next().value!);
      remembered.set(token, actor);
    }
    return { actor, expiresAt: claims.expiresAt.getTime() };
  };
  const actorFor = async (header: string | undefined): Promise<Actor | null> => (await signIn(header))?.actor ?? null;

  const baseContext = (actor: Actor | null, requestId: string, clientAddress: string, readAfterLsn: bigint | null = null): Ctx => ({
    actor,
    em: ds.manager,
    ds,
    requestId,
    loaders: new Map(),
    log: log.child({ requestId }),
    config,
    services,
    clientAddress,
    now,
    readAfterLsn,
  });

  const contextFor = async (req: Request): Promise<Ctx> => {
    const scope = (req as Request & { scope?: { requestId: string } }).scope;
    const requestId = scope?.requestId ?? randomUUID();
    const actor = await actorFor(req.get('authorization'));
    return baseContext(actor, requestId, req.ip ?? req.socket.remoteAddress ?? 'unknown', parseLsn(req.get(LSN_HEADER)));
  };

  /** GraphQL over HTTP: `contextFor`, or with the token's remembered actor, to be confirmed (above). */
  const graphqlContextFor = async (req: Request): Promise<Ctx> => {
    const header = req.get('authorization');
    if (remembered && header) {
      const token = bearer(header);
      const claims = await services.tokens.verify(token); // signature and expiry, every request
      const actor = remembered.get(token);
      if (actor && actor.id === claims.accountId) {
        const scope = (req as Request & { scope?: { requestId: string } }).scope;
        const ctx = baseContext(actor, scope?.requestId ?? randomUUID(), req.ip ?? req.socket.remoteAddress ?? 'unknown', parseLsn(req.get(LSN_HEADER)));
        ctx.refreshActor = async () => {
          try {
            return (await signIn(header))!.actor;
          } catch (err) {
            throw asGraphQLError(err);
          }
        };
        return ctx;
      }
    }
    return contextFor(req);
  };

  for (const mount of httpRoutes) mount(app, { config, ds, log, services, contextFor });

  if (config.ide) mountGraphiql(app, GRAPHQL_PATH);

  const baseFormatError = makeFormatError(log);
  // Production: no "Did you mean …?" in validation messages (they would map the schema for anyone).
  const formatError: typeof baseFormatError = config.env === 'production' ? (f, e) => { const out = baseFormatError(f, e); return { ...out, message: withoutSuggestions(out.message) }; } : baseFormatError;
  const schema = buildSchema();
  // Depth, aliases, directives, tokens, page sizes and cost, refused before anything runs.
  const guard = makeOperationGuard(schema, config.limits);

  // Subscriptions: graphql-ws on the same server and path, signed in with the same token, given
  // as connectionParams.Authorization (browsers cannot set headers on a WebSocket). Each
  // connection is registered with the feed hub, which keeps its access state current and closes
  // it (4403 account inactive, 4401 token expired) when revoked.
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  type WsExtra = { actor: Actor | null; wsId: string; feed?: FeedConnection; leave?: () => void };
  const wsCleanup = useServer<Record<string, unknown>, WsExtra>(
    {
      schema,
      onConnect: async (c) => {
        const params = c.connectionParams ?? {};
        const header = (params.Authorization ?? params.authorization ?? c.extra.request.headers.authorization) as string | undefined;
        try {
          const signedIn = await signIn(header);
          if (!signedIn) return false;
          const { actor } = signedIn;
          c.extra.actor = actor;
          c.extra.wsId = randomUUID();
          const socket = c.extra.socket;
          const conn: FeedConnection = {
            actor,
            refreshedAt: feed.clock(),
            tokenExpiresAt: signedIn.expiresAt,
            closed: false,
            close(code, reason) {
              if (conn.closed) return;
              conn.closed = true;
              socket.close(code, reason);
            },
          };
          c.extra.feed = conn;
          c.extra.leave = feed.addConnection(conn);
          return true;
        } catch (err) {
          // A bad token is refused (4403); a lost database closes with 1013 "try again later".
          const known = err instanceof AppError ? err : fromDatabase(err);
          if (known?.code === 'SERVICE_UNAVAILABLE') {
            c.extra.socket.close(1013, 'SERVICE_UNAVAILABLE: the database is not available; retry later');
            return false;
          }
          if (!known) log.error({ err }, 'subscription sign-in failed');
          return false;
        }
      },
      // Limits first (src/common/limits.ts), then the same text boundary as over HTTP (src/common/text.ts).
      onSubscribe: (_c, _id, payload) => {
        const verdict = guard({ query: payload.query, variables: payload.variables, operationName: payload.operationName });
        if (verdict.errors) return verdict.errors;
        let e;
        try {
          e = findBadTextInOperation(parse(payload.query), payload.variables);
        } catch {
          return undefined; // not parseable: graphql-ws answers with the syntax error itself
        }
        return e ? [new GraphQLError(e.message, { extensions: { code: e.code, ...e.details } })] : undefined;
      },
      onClose: (c) => {
        if (c.extra.feed) c.extra.feed.closed = true;
        c.extra.leave?.();
      },
      context: (c) => {
        const ctx = baseContext(c.extra.feed?.actor ?? c.extra.actor ?? null, `ws-${c.extra.wsId}`, c.extra.request.socket.remoteAddress ?? 'unknown');
        if (c.extra.feed) attachFeedConnection(ctx, c.extra.feed);
        return ctx;
      },
      // Errors (a bad cursor, signed out: sent as a `next` with errors, then `complete`; a
      // malformed document: `error`) get the closed-list codes too.
      onError: (_c, _id, _payload, errors) => {
        log.warn({ errors: errors.map((e) => e.message) }, 'subscription error');
        return errors.map((e) => formatError(e.toJSON(), e));
      },
      onNext: (_c, _id, _payload, _args, result) => (result.errors?.length ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined),
    },
    wsServer,
  );

  // Queries the read compiler can answer whole run as one SQL statement (src/read-compiler);
  // everything else through graphql-js. Apollo Server 5 takes a custom executor only through
  // its `gateway` interface, which here serves one fixed schema.
  const executor = makeExecutor(schema, config.compiledReads, readCompilerRegistry);
  const apollo = new ApolloServer<Ctx>({
    gateway: {
      load: async () => ({
        executor: (rc) =>
          // The operation's wall-clock budget (REQUEST_TIMEOUT_MS): src/common/deadline.ts.
          withDeadline(config.requestTimeoutMs, rc.operation?.operation === 'query', () =>
            executor({
              document: rc.document,
              operation: rc.operation,
              operationName: rc.request.operationName,
              variables: rc.request.variables,
              contextValue: rc.context as Ctx,
              forceGraphqlJs: config.env !== 'production' && rc.request.http?.headers.get(EXECUTOR_HEADER) === 'graphql-js',
            }),
          ),
      }),
      onSchemaLoadOrUpdate: (callback) => {
        callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
        return () => {};
      },
      stop: async () => {},
    },
    formatError,
    includeStacktraceInErrorResponses: false,
    // Introspection stays on (the SDL descriptions are the API's documentation); in production it
    // needs a signed-in token (operationLimitsMiddleware).
    introspection: true,
    // Automatic persisted queries would let a hash stand for a document the limits never saw,
    // and grow a cache on anyone's say-so; the hub's clients send whole documents.
    persistedQueries: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT (drain, then close the database, then stop PostgreSQL); Apollo's
    // own handlers would race it and hang the shutdown (two concurrent stop()s).
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      // Apollo's cache-control plugin runs a hook on every resolved field (~15% of the CPU of a
      // 2,000-object read, BENCHMARKS.md) only to conclude "no-store": no field has a cache hint.
      // Send that header directly instead.
      ApolloServerPluginCacheControlDisabled(),
      { requestDidStart: async () => ({ willSendResponse: async ({ response }) => void (response.http.headers.has('cache-control') || response.http.headers.set('cache-control', 'no-store')) }) },
      // With read replicas: after a mutation, the client's causal token (src/db/replicas.ts).
      ...(deps.reads ? [{ requestDidStart: async () => ({ willSendResponse: async ({ operation, response }: { operation?: { operation: string } | null; response: { http: { headers: Map<string, string> } } }) => { if (operation?.operation === 'mutation') await stampCommitLsn(ds, response.http.headers, log); } }) }] : []),
      { serverWillStart: async () => ({ drainServer: async () => void (await wsCleanup.dispose()) }) },
      hostileTextPlugin,
    ],
  });
  await apollo.start();

  app.use(
    GRAPHQL_PATH,
    corsMiddleware,
    refuseDeclaredOver(config.bodyLimit),
    express.json({ limit: config.bodyLimit, verify: verifyUtf8Body }),
    operationLimitsMiddleware({ guard, introspectionNeedsToken: config.env === 'production', log }),
    // Apollo over Express; a compiled read's JSON text goes out as PostgreSQL built it.
    graphqlHttpHandler(apollo, async (req) => {
      try {
        return await graphqlContextFor(req);
      } catch (err) {
        throw asGraphQLError(err);
      }
    }),
  );

  // The field app (web/dist) at `/`, after every API route so none is shadowed by its SPA fallback.
  mountWebApp(app);

  // Body too large, malformed JSON and anything else that escapes a route: a closed-list code, no stack.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; statusCode?: number };
    const status = e.status ?? e.statusCode ?? 500;
    let code = 'INTERNAL_SERVER_ERROR';
    let message = 'Internal server error';
    const known = err instanceof AppError ? err : fromDatabase(err);
    if (known) {
      code = known.code;
      message = known.message;
    } else if (e.type === 'entity.too.large') {
      code = 'BAD_USER_INPUT';
      message = `request body is larger than ${config.bodyLimit}`;
    } else if (e.type === 'entity.parse.failed') {
      code = 'BAD_USER_INPUT';
      message = 'request body is not valid JSON';
    } else if (typeof e.type === 'string' && status >= 400 && status < 500) {
      // body-parser's other refusals (cut-off body, unsupported charset or encoding): the client's doing.
      code = 'BAD_USER_INPUT';
      message = (err as Error).message;
    } else {
      log.error({ err, url: req.originalUrl }, 'unhandled error');
    }
    const httpStatus = known ? statusFor(known.code) : status >= 400 && status < 600 ? status : 500;
    res.status(httpStatus).json({ errors: [{ message, extensions: { code, ...(known?.details.field ? { field: known.details.field } : {}) } }] });
  });

  return {
    app,
    httpServer,
    services,
    contextFor,
    readCompilerCache: executor.compileCache,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as { port: number }).port));
      }),
    async stop() {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
      await services.feedWatcher.stop();
      await services.feed.stop();
      await services.sealer.stop();
      await services.reads?.stop();
    },
  };
}

/** A sign-in failure as GraphQL reports it (the closed-list code, its HTTP status); anything else as it is. */
function asGraphQLError(err: unknown): unknown {
  const known = err instanceof AppError ? err : fromDatabase(err);
  return known ? new GraphQLError(known.message, { extensions: { code: known.code, http: { status: statusFor(known.code) } } }) : err;
}

export function statusFor(code: string): number {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'BAD_USER_INPUT':
    case 'INVALID_TRANSITION':
    case 'DEADLINE_PASSED':
      return 400;
    case 'CONFLICT':
      return 409;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    default:
      return 500;
  }
}
