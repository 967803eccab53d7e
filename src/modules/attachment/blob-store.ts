import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type * as ClientS3 from '@aws-sdk/client-s3';
import type * as LibStorage from '@aws-sdk/lib-storage';
import type { Config, S3Options } from '../../config';

/*
 * Where attachment bytes live, content-addressed by their sha256: the local directory
 * (DATA_DIR/attachments/ab/<sha256>, the default) or an S3-compatible bucket (key ab/<sha256>),
 * chosen by STORAGE. An upload streams into a temporary object while it is hashed and checked
 * (attachment.upload.ts), then is moved under its hash once accepted (once per distinct content).
 */

/** One upload in progress: bytes written to `sink` land in a temporary place. */
export interface TempBlob {
  readonly sink: Writable;
  /** Resolves when every byte written to `sink` is stored (call after the sink has finished). */
  stored(): Promise<void>;
  /** Throws the temporary bytes away (idempotent). */
  discard(): Promise<void>;
}

export interface BlobStore {
  readonly kind: 'local' | 's3';
  createTemp(): Promise<TempBlob>;
  /** Moves a stored temporary blob under its hash; if those bytes are already there, keeps one copy. */
  commit(temp: TempBlob, sha256: string, contentType: string): Promise<void>;
  /** The bytes with this hash; rejects when they are missing or unreadable. */
  open(sha256: string): Promise<Readable>;
}

const shard = (sha256: string) => `${sha256.slice(0, 2)}/${sha256}`;

/** Where the bytes with this hash live on disk: DATA_DIR/attachments/<first two hex>/<sha256>. */
export function blobPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'attachments', sha256.slice(0, 2), sha256);
}

/** Scratch directory for uploads in progress: on the same file system, so rename is atomic. */
export function tmpDir(dataDir: string): string {
  return path.join(dataDir, 'attachments', '.tmp');
}

export function localBlobStore(dataDir: string): BlobStore {
  const temps = new WeakMap<TempBlob, string>();
  return {
    kind: 'local',
    async createTemp() {
      await fs.promises.mkdir(tmpDir(dataDir), { recursive: true });
      const file = path.join(tmpDir(dataDir), randomUUID());
      const sink = fs.createWriteStream(file, { flags: 'wx' });
      const temp: TempBlob = {
        sink,
        stored: async () => {
          if (!sink.writableFinished) await new Promise<void>((resolve, reject) => sink.once('finish', resolve).once('error', reject));
          // 'close' follows 'finish' once the descriptor is closed: the file is complete on disk.
          if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
        },
        discard: async () => {
          // The stream opens its file asynchronously: wait until it is closed (after the open, if
          // one is pending) before removing it, or the open could recreate the file after the rm.
          if (!sink.closed) {
            const closed = new Promise<void>((resolve) => sink.once('close', () => resolve()));
            sink.destroy();
            await closed;
          }
          await fs.promises.rm(file, { force: true });
        },
      };
      temps.set(temp, file);
      return temp;
    },
    async commit(temp, sha256) {
      const file = temps.get(temp);
      if (!file) throw new Error('not a temporary blob of this store');
      const target = blobPath(dataDir, sha256);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      try {
        await fs.promises.access(target);
        await fs.promises.rm(file, { force: true }); // same bytes already stored: keep one copy
      } catch {
        await fs.promises.rename(file, target);
      }
    },
    open(sha256) {
      const stream = fs.createReadStream(blobPath(dataDir, sha256));
      return new Promise((resolve, reject) => {
        stream.once('open', () => resolve(stream));
        stream.once('error', reject);
      });
    },
  };
}

/**
 * S3-compatible object storage through the AWS SDK. Uploads stream through lib-storage's
 * multipart Upload into `<prefix>tmp/<uuid>`; an accepted file is copied server-side to
 * `<prefix><ab>/<sha256>` (skipped when that key exists) and the temporary object deleted.
 */
export function s3BlobStore(o: S3Options): BlobStore {
  // Loaded here, not at the top: the AWS SDK adds ~20 MB to every hub's RSS, and only a hub
  // with STORAGE=s3 uses it (BENCHMARKS.md, "Memory, session 9").
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } = require('@aws-sdk/client-s3') as typeof ClientS3;
  const { Upload } = require('@aws-sdk/lib-storage') as typeof LibStorage;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const client = new S3Client({
    region: o.region,
    endpoint: o.endpoint,
    forcePathStyle: o.forcePathStyle,
    ...(o.accessKeyId && o.secretAccessKey ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } } : {}),
  });
  const temps = new WeakMap<TempBlob, string>();
  const key = (sha256: string) => `${o.prefix}${shard(sha256)}`;
  const remove = (Key: string) => client.send(new DeleteObjectCommand({ Bucket: o.bucket, Key })).then(() => undefined);
  return {
    kind: 's3',
    async createTemp() {
      const Key = `${o.prefix}tmp/${randomUUID()}`;
      const sink = new PassThrough();
      const upload = new Upload({ client, params: { Bucket: o.bucket, Key, Body: sink } });
      const done = upload.done();
      done.catch(() => undefined); // awaited in stored(); an aborted upload is not an unhandled rejection
      let discarded = false;
      const temp: TempBlob = {
        sink,
        stored: async () => void (await done),
        discard: async () => {
          if (discarded) return;
          discarded = true;
          sink.destroy();
          await upload.abort().catch(() => undefined);
          await remove(Key).catch(() => undefined);
        },
      };
      temps.set(temp, Key);
      return temp;
    },
    async commit(temp, sha256, contentType) {
      const from = temps.get(temp);
      if (!from) throw new Error('not a temporary blob of this store');
      const to = key(sha256);
      let exists = true;
      try {
        await client.send(new HeadObjectCommand({ Bucket: o.bucket, Key: to }));
      } catch (err) {
        // 404, or 403 where the credentials may not list the bucket (S3 then hides "missing"):
        // copy. Copying over an existing key writes the same bytes, since the key is their hash.
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status !== 404 && status !== 403) throw err;
        exists = false;
      }
      if (!exists) {
        await client.send(
          new CopyObjectCommand({ Bucket: o.bucket, Key: to, CopySource: `${o.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`, ContentType: contentType, MetadataDirective: 'REPLACE' }),
        );
      }
      await remove(from);
    },
    async open(sha256) {
      const out = await client.send(new GetObjectCommand({ Bucket: o.bucket, Key: key(sha256) }));
      if (!out.Body) throw new Error(`no body for ${key(sha256)}`);
      return out.Body as Readable;
    },
  };
}

/** The store STORAGE names (local by default). */
export function makeBlobStore(config: Config): BlobStore {
  const s = config.storage;
  if (s.kind === 'local') return localBlobStore(config.dataDir);
  return s3BlobStore(s);
}

declare module '../../common/services' {
  interface Services {
    /** Attachment bytes: the local directory or S3-compatible storage (STORAGE). */
    blobs: BlobStore;
  }
}
