import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import { AppError, fromDatabase } from '../../common/errors';
import type { RouteDeps } from '../../context';
import { refuseDeclaredOver } from '../../common/http-body';
import { assertCleanQuery, assertCleanText, verifyUtf8Body } from '../../common/text';
import { importVerificationRecords } from './verification-import.service';

export const CSV_PATH = '/verification-records.csv';
const COLUMNS = ['externalRef', 'personName', 'idNumberMasked', 'phoneMasked', 'reason', 'needsVerification', 'routedUnit', 'deadline'] as const;
const REQUIRED = ['externalRef', 'personName', 'reason', 'needsVerification'];

/** RFC 4180: commas, double-quoted fields with "" for a quote, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark from spreadsheet exports
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new AppError('BAD_USER_INPUT', 'the CSV ends inside a quoted field', { field: 'body' });
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

const BOOL: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false, y: true, n: false, 是: true, 否: false };

/** CSV lines (after the header) to records as the import takes them; unknown values stay strings so validation names them. */
export function recordsFromCsv(text: string): unknown[] {
  const [header, ...lines] = parseCsv(text);
  if (!header) throw new AppError('BAD_USER_INPUT', 'the CSV is empty; the first line names the columns', { field: 'header' });
  const names = header.map((h) => h.trim());
  for (const n of names) if (!(COLUMNS as readonly string[]).includes(n)) throw new AppError('BAD_USER_INPUT', `unknown column ${n}; columns are ${COLUMNS.join(', ')}`, { field: 'header' });
  for (const n of REQUIRED) if (!names.includes(n)) throw new AppError('BAD_USER_INPUT', `column ${n} is missing`, { field: 'header' });
  names.forEach((n) => assertCleanText(n, 'header'));
  return lines.map((cells, row) => {
    const rec: Record<string, unknown> = {};
    names.forEach((n, i) => {
      const v = (cells[i] ?? '').trim();
      assertCleanText(v, `rows.${row + 1}.${n}`);
      if (n === 'needsVerification') rec[n] = v === '' ? undefined : (BOOL[v.toLowerCase()] ?? v);
      else rec[n] = v === '' ? null : v;
    });
    return rec;
  });
}

/** The body must be UTF-8 unless its Content-Type names another charset (e.g. GBK from a spreadsheet). */
function utf8UnlessDeclared(req: Request, res: Response, buf: Buffer): void {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
  if (!charset || /^utf-?8$/i.test(charset)) verifyUtf8Body(req, res, buf);
}

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, CONFLICT: 409, SERVICE_UNAVAILABLE: 503 };

/**
 * POST /verification-records.csv?batchRef=…  (Content-Type: text/csv, Idempotency-Key header):
 * the same import as the mutation, with the same rules and authorization; rows are numbered
 * from 1 after the header, and errors name them as `rows.17.externalRef`.
 */
export function mountVerificationCsv(app: Express, deps: RouteDeps): void {
  app.post(CSV_PATH, refuseDeclaredOver(deps.config.bodyLimit), express.text({ type: ['text/csv', 'text/plain'], limit: deps.config.bodyLimit, verify: utf8UnlessDeclared }), async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (!req.is('text/csv') && !req.is('text/plain')) throw new AppError('BAD_USER_INPUT', 'send the records as Content-Type: text/csv', { field: 'content-type' });
      const ctx = await deps.contextFor(req);
      assertCleanQuery(req.query as Record<string, unknown>);
      assertCleanText(req.get('idempotency-key') ?? '', 'Idempotency-Key');
      const records = recordsFromCsv(typeof req.body === 'string' ? req.body : '');
      const batch = await importVerificationRecords(
        ctx,
        { batchRef: req.query.batchRef, idempotencyKey: req.get('idempotency-key') ?? '', records },
        { source: 'CSV', fieldPrefix: 'rows', firstRow: 1 },
      );
      res.status(200).json({ data: { id: batch.id, batchRef: batch.batchRef, received: batch.received, needingVerification: batch.needingVerification, duplicates: batch.duplicates } });
    } catch (err) {
      const e = err instanceof AppError ? err : fromDatabase(err);
      if (!e) return next(err);
      res.status(STATUS[e.code] ?? 500).json({ errors: [{ message: e.message, extensions: { code: e.code, ...e.details } }] });
    }
  });
}
