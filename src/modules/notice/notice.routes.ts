import type { Express, Request, Response, NextFunction } from 'express';
import { AppError, fromDatabase } from '../../common/errors';
import type { RouteDeps } from '../../context';
import { assertCleanQuery } from '../../common/text';
import { loadNotice } from './notice.service';
import { noticeHtml } from './notice.html';

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, CONFLICT: 409, SERVICE_UNAVAILABLE: 503 };

/**
 * GET /inspections/:id/rectification-notice (Authorization: Bearer <token>): the inspection's
 * rectification notice as a printable HTML page, for the site's manager, the inspection's team
 * and the command centre (anyone else, or an inspection without findings: 404). Errors are the
 * JSON of every other route.
 */
export function mountNoticeRoutes(app: Express, deps: RouteDeps): void {
  app.get('/inspections/:id/rectification-notice', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ctx = await deps.contextFor(req);
      assertCleanQuery(req.query as Record<string, unknown>);
      const notice = await loadNotice(ctx, String(req.params.id));
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      res.setHeader('cache-control', 'no-store');
      res.send(noticeHtml(notice));
    } catch (err) {
      const e = err instanceof AppError ? err : fromDatabase(err);
      if (!e) return next(err);
      res.status(STATUS[e.code] ?? 500).json({ errors: [{ message: e.message, extensions: { code: e.code, ...e.details } }] });
    }
  });
}
