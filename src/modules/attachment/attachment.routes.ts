import fs from 'node:fs';
import type { Express, Request, Response } from 'express';
import type { RouteDeps } from '../../context';
import { AppError, fromDatabase } from '../../common/errors';
import { authorize, requireActor } from '../../common/authorize';
import { blobPath, findAttachment, saveUpload } from './attachment.service';
import { receiveUpload, UploadRefused } from './attachment.upload';
import { assertCleanQuery, assertCleanText } from '../../common/text';

/** The GET path of an attachment (also the GraphQL `url`). */
export const attachmentUrl = (id: string) => `/attachments/${id}`;

// Not imported from server.ts: that module imports the route list, which imports this file.
const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, CONFLICT: 409, SERVICE_UNAVAILABLE: 503 };
const statusFor = (code: string) => STATUS[code] ?? 500;

function sendError(res: Response, status: number, code: string, message: string, field?: string) {
  if (res.headersSent) return void res.destroy();
  res.status(status).json({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });
}

function sendFailure(res: Response, deps: RouteDeps, err: unknown) {
  if (err instanceof UploadRefused) return sendError(res, err.status, 'BAD_USER_INPUT', err.message, 'file');
  const known = err instanceof AppError ? err : fromDatabase(err);
  if (known) return sendError(res, statusFor(known.code), known.code, known.message, known.details.field);
  deps.log.error({ err }, 'attachment route failed');
  sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
}

/** RFC 6266 header: an ASCII fallback plus the UTF-8 name. */
function disposition(name: string | null, id: string): string {
  const n = name ?? id;
  const ascii = n.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(n)}`;
}

/**
 * POST /attachments: upload one evidence file (raw body or multipart with one file field), signed in.
 * GET /attachments/:id: download it, if the actor uploaded it or may see a site it is linked to.
 */
export function mountAttachmentRoutes(app: Express, deps: RouteDeps) {
  app.post('/attachments', async (req: Request, res: Response) => {
    try {
      const ctx = await deps.contextFor(req);
      authorize(ctx, 'attachment:upload'); // before reading a byte: 401/403 first
      const key = req.get('idempotency-key') ?? null;
      if (key !== null && (key.length < 1 || key.length > 200)) throw new AppError('BAD_USER_INPUT', 'Idempotency-Key must be 1 to 200 characters', { field: 'Idempotency-Key' });
      assertCleanText(key, 'Idempotency-Key');
      assertCleanQuery(req.query as Record<string, unknown>);
      const file = await receiveUpload(req, deps.config.dataDir, deps.config.attachmentMaxBytes);
      const a = await saveUpload(ctx, { ...file, idempotencyKey: key });
      res.status(201).location(attachmentUrl(a.id)).json({ id: a.id, sha256: a.sha256, size: a.size, contentType: a.contentType });
    } catch (err) {
      if (err instanceof UploadRefused && err.closeConnection) res.setHeader('connection', 'close'); // far too much to read on
      else if (!req.readableEnded) req.resume(); // let the client finish sending, so it reads our answer
      sendFailure(res, deps, err);
    }
  });

  app.get('/attachments/:id', async (req: Request, res: Response) => {
    try {
      const ctx = await deps.contextFor(req);
      requireActor(ctx);
      const a = await findAttachment(ctx, String(req.params.id));
      if (!a) throw new AppError('NOT_FOUND', 'attachment not found');
      const etag = `"${a.sha256}"`;
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
      if (req.get('if-none-match') === etag) return void res.status(304).end();
      const file = blobPath(deps.config.dataDir, a.sha256);
      const stream = fs.createReadStream(file);
      stream.once('open', () => {
        res.status(200);
        res.setHeader('Content-Type', a.contentType);
        res.setHeader('Content-Length', String(a.size));
        res.setHeader('Content-Disposition', disposition(a.fileName, a.id));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        stream.pipe(res);
      });
      stream.once('error', (err) => {
        deps.log.error({ err, attachmentId: a.id }, 'attachment file missing or unreadable');
        sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      });
    } catch (err) {
      sendFailure(res, deps, err);
    }
  });
}
