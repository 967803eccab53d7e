import { createHash } from 'node:crypto';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import busboy from 'busboy';
import { ATTACHMENT_TYPES } from './attachment.entity';
import type { BlobStore, TempBlob } from './blob-store';
import { DISCARD_BEYOND_LIMIT } from '../../common/http-body';

/** Why an upload was refused before anything was kept; the route maps it to an HTTP status. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 413 | 415 | 400,
    message: string,
    /** The rest of the body will not be read: answer with Connection: close. */
    readonly closeConnection = false,
  ) {
    super(message);
  }
}

/** Room for multipart boundaries, part headers and small fields around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

const tooLargeMessage = (maxBytes: number) => `the file is larger than the limit of ${maxBytes} bytes`;
const cutOff = () => new UploadRefused(400, 'the upload was cut off before its end');

export interface ReceivedFile {
  /** The fully stored temporary blob (BlobStore.commit moves it under its hash). */
  temp: TempBlob;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string | null;
}

/** Bytes a file of each allowed type starts with; the claimed type must match them. */
export function magicMatches(contentType: string, head: Buffer): boolean {
  const at = (offset: number, sig: number[] | string) => {
    const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
    return head.length >= offset + bytes.length && head.subarray(offset, offset + bytes.length).equals(bytes);
  };
  switch (contentType) {
    case 'image/jpeg':
      return at(0, [0xff, 0xd8, 0xff]);
    case 'image/png':
      return at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/webp':
      return at(0, 'RIFF') && at(8, 'WEBP');
    case 'image/heic':
      return at(4, 'ftyp') && ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].some((brand) => at(8, brand));
    case 'application/pdf':
      return at(0, '%PDF-');
    default:
      return false;
  }
}

const baseType = (header: string | undefined) => (header ?? '').split(';')[0].trim().toLowerCase();
const allowed = (t: string) => (ATTACHMENT_TYPES as readonly string[]).includes(t);

function cleanName(name: string | null | undefined): string | null {
  if (!name) return null;
  // Keep only the last path segment and no control characters: it ends up in a header.
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return base || null;
}

/**
 * Streams one file to a temporary blob (a file, or an object uploaded as it arrives), hashing and
 * counting as it goes. Past `maxBytes` it stops writing but keeps reading (up to a bound), so the
 * client gets a clean 413 instead of a reset.
 */
async function spool(source: Readable, store: BlobStore, maxBytes: number): Promise<{ temp: TempBlob; sha256: string; size: number; head: Buffer; tooLarge: boolean }> {
  const temp = await store.createTemp();
  const hash = createHash('sha256');
  let size = 0;
  let seen = 0;
  let head = Buffer.alloc(0);
  let tooLarge = false;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes + DISCARD_BEYOND_LIMIT) return done(new UploadRefused(413, tooLargeMessage(maxBytes), true));
      if (tooLarge) return done();
      if (size + chunk.length > maxBytes) {
        tooLarge = true;
        return done();
      }
      size += chunk.length;
      hash.update(chunk);
      if (head.length < 32) head = Buffer.concat([head, chunk.subarray(0, 32 - head.length)]);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, counter, temp.sink);
  } catch (err) {
    await temp.discard();
    // The client went away or the form ended early: nothing was kept, and it was not our fault.
    throw err instanceof UploadRefused ? err : cutOff();
  }
  try {
    await temp.stored();
  } catch (err) {
    await temp.discard();
    throw err; // the storage failed: a server error, not the client's
  }
  if (tooLarge) await temp.discard();
  return { temp, sha256: hash.digest('hex'), size, head, tooLarge };
}

async function drain(source: Readable): Promise<void> {
  source.resume();
  await new Promise<void>((resolve) => {
    source.once('end', resolve);
    source.once('close', resolve);
    source.once('error', () => resolve());
  });
}

async function finish(source: Readable, contentType: string, fileName: string | null, store: BlobStore, maxBytes: number): Promise<ReceivedFile> {
  if (!allowed(contentType)) {
    await drain(source);
    throw new UploadRefused(415, `files of type ${contentType || '(none)'} are not accepted; send one of ${ATTACHMENT_TYPES.join(', ')}`);
  }
  const s = await spool(source, store, maxBytes);
  if (s.tooLarge) throw new UploadRefused(413, tooLargeMessage(maxBytes));
  if (s.size === 0) {
    await s.temp.discard();
    throw new UploadRefused(400, 'the file is empty');
  }
  if (!magicMatches(contentType, s.head)) {
    await s.temp.discard();
    throw new UploadRefused(415, `the file's content is not ${contentType}`);
  }
  return { temp: s.temp, sha256: s.sha256, size: s.size, contentType, fileName };
}

/**
 * Reads the upload in a request: the raw body (its Content-Type is the file's; the name from
 * `?fileName=` or an `X-File-Name` header, URI-encoded) or multipart/form-data with one file field.
 */
export async function receiveUpload(req: Request, store: BlobStore, maxBytes: number): Promise<ReceivedFile> {
  const type = baseType(req.get('content-type'));
  const multipart = type === 'multipart/form-data';
  // A declared length over the limit is refused before a byte of the body is read.
  const declared = Number(req.get('content-length') ?? NaN);
  if (declared > maxBytes + (multipart ? MULTIPART_OVERHEAD : 0)) {
    throw new UploadRefused(413, tooLargeMessage(maxBytes), declared > maxBytes + DISCARD_BEYOND_LIMIT);
  }
  if (!multipart) {
    const given = typeof req.query.fileName === 'string' ? req.query.fileName : req.get('x-file-name');
    let name: string | null = null;
    try {
      name = cleanName(given ? decodeURIComponent(given) : null);
    } catch {
      name = cleanName(given);
    }
    return finish(req, type, name, store, maxBytes);
  }
  return new Promise<ReceivedFile>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 20, fieldSize: 1024, parts: 30, fileSize: maxBytes + 1 } });
    } catch {
      reject(new UploadRefused(400, 'malformed multipart/form-data'));
      return;
    }
    let result: Promise<ReceivedFile> | null = null;
    let settled = false;
    // Settles once: after the file (if any) is spooled or failed, so no temporary file outlives the request.
    const settle = async (failure?: UploadRefused) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      req.off('data', count);
      if (!result) return reject(failure ?? new UploadRefused(400, 'the form holds no file'));
      let file: ReceivedFile;
      try {
        file = await result;
      } catch (err) {
        return reject(failure ?? err);
      }
      if (!failure) return resolve(file);
      await file.temp.discard();
      reject(failure);
    };
    let total = 0;
    const count = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes + MULTIPART_OVERHEAD + DISCARD_BEYOND_LIMIT) bb.destroy(new UploadRefused(413, tooLargeMessage(maxBytes), true));
    };
    bb.on('file', (_field, stream, info) => {
      // busboy errors the file stream when the form ends early; never leave that event unheard.
      stream.on('error', () => undefined);
      if (result) {
        stream.resume();
        return;
      }
      result = finish(stream, baseType(info.mimeType), cleanName(info.filename), store, maxBytes);
      result.catch(() => undefined); // settled in settle()
    });
    bb.on('close', () => void settle());
    bb.on('error', (err) => void settle(err instanceof UploadRefused ? err : new UploadRefused(400, `malformed or cut-off multipart/form-data: ${(err as Error).message}`)));
    req.on('close', () => {
      if (!req.complete) bb.destroy(cutOff());
    });
    req.on('data', count);
    req.pipe(bb);
  });
}
