import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import { stampCommitLsn } from '../../db/read-your-writes';
import { AppError, fromDatabase } from '../../common/errors';
import type { RouteDeps } from '../../context';
import { refuseDeclaredOver } from '../../common/http-body';
import { assertCleanQuery, assertCleanText } from '../../common/text';
import { importVerificationRecords } from './verification-import.service';
import { XLSX_TYPE, recordsFromRows, uploadRows } from './verification-sheet';

export const CSV_PATH = '/verification-records.csv';
/** The same import for a spreadsheet; either path takes either kind of file. */
export const XLSX_PATH = '/verification-records.xlsx';
const TYPES = ['text/csv', 'text/plain', XLSX_TYPE, 'application/octet-stream'];

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, CONFLICT: 409, SERVICE_UNAVAILABLE: 503 };

/**
 * POST /verification-records.csv (or .xlsx) ?batchRef=…, Idempotency-Key header: the same import
 * as the mutation, with the same rules and authorization. The body is an XLSX (its first
 * worksheet; Content-Type ${XLSX_TYPE} or application/octet-stream) or a CSV (text/csv) in UTF-8,
 * UTF-8 with a BOM, or GB18030/GBK (declared as charset, or detected: bytes that are not UTF-8).
 * Rows are numbered from 1 after the header, and errors name them as `rows.17.externalRef`.
 */
export function mountVerificationCsv(app: Express, deps: RouteDeps): void {
  const handler = async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (!TYPES.some((t) => req.is(t))) throw new AppError('BAD_USER_INPUT', `send the records as Content-Type: text/csv or ${XLSX_TYPE}`, { field: 'content-type' });
      const ctx = await deps.contextFor(req);
      assertCleanQuery(req.query as Record<string, unknown>);
      assertCleanText(req.get('idempotency-key') ?? '', 'Idempotency-Key');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const records = recordsFromRows(await uploadRows(body, req.get('content-type') ?? ''));
      const batch = await importVerificationRecords(
        ctx,
        { batchRef: req.query.batchRef, idempotencyKey: req.get('idempotency-key') ?? '', records },
        { source: 'CSV', fieldPrefix: 'rows', firstRow: 1 },
      );
      if (deps.services.reads) await stampCommitLsn(deps.ds, { set: (k: string, v: string) => res.setHeader(k, v) }, deps.log);
      res.status(200).json({ data: { id: batch.id, batchRef: batch.batchRef, received: batch.received, needingVerification: batch.needingVerification, duplicates: batch.duplicates } });
    } catch (err) {
      const e = err instanceof AppError ? err : fromDatabase(err);
      if (!e) return next(err);
      res.status(STATUS[e.code] ?? 500).json({ errors: [{ message: e.message, extensions: { code: e.code, ...e.details } }] });
    }
  };
  for (const path of [CSV_PATH, XLSX_PATH]) app.post(path, refuseDeclaredOver(deps.config.bodyLimit), express.raw({ type: TYPES, limit: deps.config.bodyLimit }), handler);
}
