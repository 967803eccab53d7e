import type { Express, Request, Response, NextFunction } from 'express';
import { AppError, fromDatabase } from '../../common/errors';
import type { RouteDeps } from '../../context';
import { assertCleanQuery } from '../../common/text';
import { buildReport, lateDecisions, lateNetChange } from './report.service';
import { BOM, csvLine, reportCsv } from './report.csv';
import { FINDINGS_CSV_HEADER, prepareFindingsExport } from './findings-export';
import { onReplica } from '../../db/read-your-writes';
import { reportWorkbook } from './report-xlsx';

export const REPORT_CSV_PATH = '/reports/report.csv';
export const FINDINGS_CSV_PATH = '/reports/findings.csv';
export const DAILY_XLSX_PATH = '/reports/daily.xlsx';

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, CONFLICT: 409, SERVICE_UNAVAILABLE: 503 };

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** Errors before the first byte: the same JSON shape and codes as GraphQL errors. */
function fail(res: Response, next: NextFunction, err: unknown) {
  const e = err instanceof AppError ? err : fromDatabase(err);
  if (!e) return next(err);
  if (res.headersSent) return res.destroy(e);
  res.status(STATUS[e.code] ?? 500).json({ errors: [{ message: e.message, extensions: { code: e.code, ...e.details } }] });
}

function csvHeaders(res: Response, filename: string) {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.setHeader('cache-control', 'no-store');
}

/**
 * GET /reports/report.csv?from=…&to=…&district=…&asOf=… : the report's tables (ADMIN, COMMAND,
 * REVIEWER, like the report query). GET /reports/findings.csv?status=OPEN,DISPUTED&severity=…
 * &siteIds=…&district=…&from=…&to=…&overdue=true&escalated=… : findings, scoped like the
 * findings query. Both take the token as Authorization: Bearer <token>.
 */
export function mountReportRoutes(app: Express, deps: RouteDeps): void {
  app.get(REPORT_CSV_PATH, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ctx = await deps.contextFor(req);
      assertCleanQuery(req.query as Record<string, unknown>);
      const q = req.query as Record<string, unknown>;
      const report = await buildReport(ctx, { period: { from: one(q.from), to: one(q.to) }, district: one(q.district) || null, asOf: one(q.asOf) || null });
      csvHeaders(res, 'report.csv');
      res.send(reportCsv(report, { decisions: await lateDecisions(ctx, report.lateArrivals), netChange: await lateNetChange(ctx, report.lateArrivals) }));
    } catch (err) {
      fail(res, next, err);
    }
  });

  // GET /reports/daily.xlsx?from=…&to=…&district=…&asOf=… : the daily report as a workbook (report:read), see report-xlsx.ts.
  app.get(DAILY_XLSX_PATH, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ctx = await deps.contextFor(req);
      assertCleanQuery(req.query as Record<string, unknown>);
      const q = req.query as Record<string, unknown>;
      const report = await buildReport(ctx, { period: { from: one(q.from), to: one(q.to) }, district: one(q.district) || null, asOf: one(q.asOf) || null });
      const body = await reportWorkbook(ctx, report);
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename="daily-report-${report.cutoff.toISOString().slice(0, 10)}.xlsx"`);
      res.setHeader('cache-control', 'no-store');
      res.send(body);
    } catch (err) {
      fail(res, next, err);
    }
  });

  app.get(FINDINGS_CSV_PATH, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ctx = await deps.contextFor(req);
      assertCleanQuery(req.query as Record<string, unknown>);
      // An export is a heavy read: on a read replica that has the client's writes, if there is one.
      // The first page picks the server (falling back to the primary if the replica fails it);
      // the rest follow on the same server.
      let nextPage!: () => Promise<string | null>;
      let page = await onReplica(ctx, async (ds) => {
        nextPage = prepareFindingsExport({ ...ctx, em: ds.manager }, req.query as Record<string, unknown>);
        return nextPage(); // the first page runs before any byte is sent, so its errors still get a status
      });
      csvHeaders(res, 'findings.csv');
      res.write(BOM + csvLine(FINDINGS_CSV_HEADER));
      while (page !== null) {
        if (!res.write(page)) await new Promise((resolve) => res.once('drain', resolve));
        if (res.destroyed) return;
        page = await nextPage();
      }
      res.end();
    } catch (err) {
      fail(res, next, err);
    }
  });
}
