import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { OperationLimits } from './common/limits';

/**
 * The environment, parsed and validated once. Nothing else in the hub reads process.env.
 * Every variable is documented in the README's "Configuration" table.
 */
/**
 * Report lanes by default: one per core this machine has, at most 4. Each lane is a PostgreSQL
 * backend working at once beside the hub's own process; more lanes than cores only make them take
 * turns. On a 2-core machine (province seed, the hub and its database on it), 2 lanes against
 * 4: the 30-day report 44 ms against 75, as of 10 days ago 195 against 266 (BENCHMARKS.md). With
 * the database on a larger machine of its own, set REPORT_LANES to its cores.
 */
const DEFAULT_REPORT_LANES = Math.max(1, Math.min(4, os.availableParallelism()));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default('./data'),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(400).default(50),
    JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
    TOKEN_TTL: z.string().regex(/^\d+[smhd]$/, 'TOKEN_TTL looks like 12h, 30m or 7d').default('12h'),
    DEMO_DATA: bool.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z.string().default('2mb'),
    CORS_ORIGINS: z.string().default(''),
    ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).default(20 * 1024 * 1024),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    FEED_SCAN_INTERVAL_MS: z.coerce.number().int().min(50).default(30_000),
    FEED_RETENTION_DAYS: z.coerce.number().min(1).default(7),
    FEED_ACCESS_REFRESH_MS: z.coerce.number().int().min(100).max(10_000).default(2_000),
    FEED_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
    FEED_HORIZON: z.enum(['database', 'server']).default('database'),
    COMPILED_READS: bool.prefault('true'),
    QUERY_MAX_TOKENS: z.coerce.number().int().min(1).default(2000),
    QUERY_MAX_DEPTH: z.coerce.number().int().min(1).default(10),
    QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(30),
    QUERY_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(50),
    QUERY_MAX_COST: z.coerce.number().int().min(1).default(200_000),
    QUERY_LIST_SIZE: z.coerce.number().int().min(1).default(5),
    STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    BACKGROUND_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(300_000),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
    HUB_PROCESSES: z.coerce.number().int().min(1).max(256).default(1),
    DATABASE_READ_URLS: z.string().default(''),
    DATABASE_LISTEN_URL: z.string().url().optional(),
    DB_READ_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
    REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).default(5_000),
    REPLICA_CHECK_INTERVAL_MS: z.coerce.number().int().min(20).default(250),
    PREPARED_STATEMENTS: bool.prefault('true'),
    REPORT_LANES: z.coerce.number().int().min(1).max(16).default(DEFAULT_REPORT_LANES),
    STORAGE: z.enum(['local', 's3']).default('local'),
    S3_ENDPOINT: z.string().url().optional(),
    S3_BUCKET: z.string().optional(),
    S3_REGION: z.string().default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: bool.prefault('false'),
    S3_PREFIX: z.string().default(''),
    MAP_TILE_URL: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'MAP_TILE_URL must be an http(s) URL')
      .refine((u) => ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), 'MAP_TILE_URL is a tile template with {z}, {x} and {y}, e.g. https://tiles.example.cn/{z}/{x}/{y}.png')
      .optional(),
    MAP_ATTRIBUTION: z.string().max(300).default(''),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE === 's3' && !env.S3_BUCKET) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['S3_BUCKET'], message: 'S3_BUCKET is required when STORAGE=s3' });
    if (!!env.S3_ACCESS_KEY_ID !== !!env.S3_SECRET_ACCESS_KEY) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['S3_SECRET_ACCESS_KEY'], message: 'give both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the SDK then finds credentials itself)' });
    for (const u of env.DATABASE_READ_URLS.split(',').map((x) => x.trim()).filter(Boolean)) {
      if (!z.string().url().safeParse(u).success) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['DATABASE_READ_URLS'], message: `not a URL: ${u.replace(/\/\/[^@/]*@/, '//…@')}` });
    }
    if (env.DATABASE_READ_URLS.trim() && !env.DATABASE_URL) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['DATABASE_READ_URLS'], message: 'read replicas need DATABASE_URL (the primary they replicate)' });
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['JWT_SECRET'], message: 'JWT_SECRET is required when NODE_ENV=production' });
    }
    if (env.NODE_ENV === 'production' && env.DEMO_DATA === true) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['DEMO_DATA'], message: 'demo accounts are never loaded when NODE_ENV=production' });
    }
  });

/** S3-compatible object storage for attachments (STORAGE=s3; src/modules/attachment/blob-store.ts). */
export interface S3Options {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Key prefix inside the bucket (e.g. "attachments/"). */
  prefix: string;
}

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Set: use this PostgreSQL. Unset: start the embedded one under dataDir/pg. */
  databaseUrl?: string;
  dataDir: string;
  dbPoolSize: number;
  /** V8's old-generation growing factor, in percent over 1 (HEAP_GROWING_PERCENT; 0: V8's own). */
  heapGrowingPercent: number;
  jwtSecret?: string;
  tokenTtl: string;
  /** Load the demo accounts and sites on first start. */
  demoData: boolean;
  logLevel: string;
  bodyLimit: string;
  corsOrigins: string[];
  attachmentMaxBytes: number;
  shutdownTimeoutMs: number;
  /** How often the live feed looks for findings gone overdue and sites out of compliance. */
  feedScanIntervalMs: number;
  /** How long live events stay in the outbox for subscribers that resume (days, at least 1). */
  feedRetentionDays: number;
  /** How often each WebSocket connection's access (account active, sites, teams) is reloaded: the revocation bound. */
  feedAccessRefreshMs: number;
  /** How often each process reads the outbox without a NOTIFY (a safety net; NOTIFY wakes it at once). */
  feedPollIntervalMs: number;
  /**
   * How far the feed reads the outbox (src/modules/feed/feed-outbox.ts): below the oldest open
   * transaction of this database (`database`, falling back to `server` when pg_stat_activity
   * cannot be read), or of the whole PostgreSQL server (`server`).
   */
  feedHorizon: 'database' | 'server';
  /** Answer the queries the read compiler knows in one SQL statement (src/read-compiler). */
  compiledReads: boolean;
  /** Operation limits checked before a request runs (src/common/limits.ts). */
  limits: OperationLimits;
  /** PostgreSQL statement_timeout on the pool's connections (0: none). */
  statementTimeoutMs: number;
  /** statement_timeout of the report's day-set builds, which may outlast a request; 0: none. */
  backgroundStatementTimeoutMs: number;
  /** Wall-clock budget of one GraphQL operation (0: none). */
  requestTimeoutMs: number;
  /** The GraphiQL IDE at GET /graphql: never in production. */
  ide: boolean;
  /** Hub processes to run on this machine (Node's cluster module; src/cluster.ts). */
  processes: number;
  /** Streaming replicas for heavy reads (src/db/replicas.ts); empty: every read on the primary. */
  readUrls: string[];
  /** Pool size of each replica's data source. */
  readPoolSize: number;
  /** A replica further behind than this (ms) is skipped. */
  replicaMaxLagMs: number;
  /** How often each process samples the primary's WAL position and each replica's replay position. */
  replicaCheckIntervalMs: number;
  /** The feed's LISTEN connection goes here (a session, never through a transaction-mode pooler). */
  listenUrl?: string;
  /** The read compiler's statements as named prepared statements (off behind PgBouncer < 1.21 in transaction mode). */
  preparedStatements: boolean;
  /** Connections one report may read its sections on at once, sharing one snapshot (src/db/snapshot-lanes.ts). */
  reportLanes: number;
  /** Where attachment bytes live (src/modules/attachment/blob-store.ts). */
  storage: { kind: 'local' } | ({ kind: 's3' } & S3Options);
  /** The console's map of sites: a tile server's URL template, and its attribution. Unset: no map, and no request beyond the hub. */
  map: { tileUrl: string; attribution: string } | null;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(stripEmpty(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  // Demo data by default only on the embedded database, and never in production.
  const demoData = production ? false : (e.DEMO_DATA ?? !e.DATABASE_URL);
  return {
    env: e.NODE_ENV,
    // The demo accounts' passwords are in the README: with them loaded, listen on loopback only
    // unless HOST is given explicitly.
    host: e.HOST ?? (demoData ? '127.0.0.1' : '0.0.0.0'),
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    dbPoolSize: e.DB_POOL_SIZE,
    heapGrowingPercent: e.HEAP_GROWING_PERCENT,
    jwtSecret: e.JWT_SECRET,
    tokenTtl: e.TOKEN_TTL,
    demoData,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    feedScanIntervalMs: e.FEED_SCAN_INTERVAL_MS,
    feedRetentionDays: e.FEED_RETENTION_DAYS,
    feedAccessRefreshMs: e.FEED_ACCESS_REFRESH_MS,
    feedPollIntervalMs: e.FEED_POLL_INTERVAL_MS,
    feedHorizon: e.FEED_HORIZON,
    compiledReads: e.COMPILED_READS,
    limits: {
      maxTokens: e.QUERY_MAX_TOKENS,
      maxDepth: e.QUERY_MAX_DEPTH,
      maxAliases: e.QUERY_MAX_ALIASES,
      maxDirectives: e.QUERY_MAX_DIRECTIVES,
      maxCost: e.QUERY_MAX_COST,
      listSize: e.QUERY_LIST_SIZE,
    },
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    backgroundStatementTimeoutMs: e.BACKGROUND_STATEMENT_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    ide: !production,
    processes: e.HUB_PROCESSES,
    readUrls: e.DATABASE_READ_URLS.split(',').map((s) => s.trim()).filter(Boolean),
    readPoolSize: e.DB_READ_POOL_SIZE ?? e.DB_POOL_SIZE,
    replicaMaxLagMs: e.REPLICA_MAX_LAG_MS,
    replicaCheckIntervalMs: e.REPLICA_CHECK_INTERVAL_MS,
    listenUrl: e.DATABASE_LISTEN_URL,
    preparedStatements: e.PREPARED_STATEMENTS,
    reportLanes: e.REPORT_LANES,
    storage:
      e.STORAGE === 's3'
        ? { kind: 's3', endpoint: e.S3_ENDPOINT, bucket: e.S3_BUCKET!, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY, forcePathStyle: e.S3_FORCE_PATH_STYLE, prefix: e.S3_PREFIX }
        : { kind: 'local' },
    map: e.MAP_TILE_URL ? { tileUrl: e.MAP_TILE_URL, attribution: e.MAP_ATTRIBUTION } : null,
  };
}

function stripEmpty(src: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(src)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
