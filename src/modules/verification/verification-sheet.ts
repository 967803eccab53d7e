import { isUtf8 } from 'node:buffer';
import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { exceljs, jszip } from '../../common/lazy';
import { AppError } from '../../common/errors';
import { assertCleanText } from '../../common/text';

/*
 * Verification records as the offices send them: a spreadsheet (XLSX), or CSV saved by Chinese
 * office software in GB18030 (GBK), or UTF-8 with or without a byte-order mark. The file is read
 * into rows of text cells (exceljs, iconv-lite, csv-parse); the first row names the columns.
 */

export const COLUMNS = ['externalRef', 'personName', 'idNumberMasked', 'phoneMasked', 'reason', 'needsVerification', 'routedUnit', 'deadline', 'receivedAt'] as const;
const REQUIRED = ['externalRef', 'personName', 'reason', 'needsVerification'];
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An XLSX is a ZIP: its first bytes are PK\x03\x04. */
const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const GB = /^(gb18030|gbk|gb2312|cp936|x-gbk|windows-936)$/i;

/** Refused as the body (or a named part of it). */
const refuse = (message: string, field = 'body') => new AppError('BAD_USER_INPUT', message, { field });

/**
 * The CSV's text. A UTF-8 byte-order mark says UTF-8; a declared charset is taken at its word
 * (UTF-8, or GB18030 and its subsets GBK/GB2312); otherwise bytes that are valid UTF-8 are UTF-8
 * and any others are read as GB18030, which must decode without a replacement character.
 */
export function decodeCsv(body: Buffer, declared: string | undefined): string {
  const bom = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  const utf8 = () => {
    if (!isUtf8(body)) throw refuse('the request body is not valid UTF-8');
    return body.subarray(bom ? 3 : 0).toString('utf8');
  };
  if (bom || (declared && /^utf-?8$/i.test(declared))) return utf8();
  if (declared && !GB.test(declared)) throw refuse(`charset ${declared} is not taken: send UTF-8 (with or without a BOM) or GB18030`, 'content-type');
  if (!declared && isUtf8(body)) return body.toString('utf8');
  const text = iconv.decode(body, 'gb18030');
  if (text.includes('\uFFFD')) throw refuse(declared ? `the request body is not valid ${declared}` : 'the request body is neither UTF-8 nor GB18030');
  return text;
}

/** CSV text to rows of cells (RFC 4180: quoted fields, "" for a quote, CRLF or LF). */
export function csvRows(text: string): string[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw refuse(`the CSV cannot be read: ${(e as Error).message}`);
  }
}

/** What an XLSX may unpack to at most: a body within the limit cannot be a ZIP bomb. */
const MAX_UNPACKED = 64 * 1024 * 1024;
const MAX_ENTRIES = 1000;
/** Spreadsheet date cells hold a wall-clock time without a zone: the county's (Asia/Shanghai, UTC+8, no DST). */
const SHEET_UTC_OFFSET_MS = 8 * 3_600_000;

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return new Date(v.getTime() - SHEET_UTC_OFFSET_MS).toISOString();
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return String((v as ExcelJS.CellErrorValue).error);
    return '';
  }
  return String(v);
}

/** The first worksheet of an XLSX, as rows of text cells (rows without any value left out). */
export async function xlsxRows(body: Buffer): Promise<string[][]> {
  let zip: JSZip;
  try {
    zip = await jszip().loadAsync(body);
  } catch {
    throw refuse('the spreadsheet is not a readable XLSX file');
  }
  const entries = Object.values(zip.files);
  // Sizes as the archive declares them (JSZip keeps them from the central directory).
  const unpacked = entries.reduce((s, f) => s + ((f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0), 0);
  if (entries.length > MAX_ENTRIES || unpacked > MAX_UNPACKED) throw refuse(`the spreadsheet unpacks to more than ${MAX_UNPACKED / 1024 / 1024} MB`);
  const wb = new (exceljs().Workbook)();
  try {
    await wb.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw refuse('the spreadsheet is not a readable XLSX file');
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw refuse('the spreadsheet has no worksheet');
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    rows.push(cells);
  });
  return rows;
}

/** The rows of an upload: XLSX by its content type or its ZIP signature, else CSV in its encoding. */
export async function uploadRows(body: Buffer, contentType: string): Promise<string[][]> {
  const declared = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith(XLSX_TYPE) || isZip(body)) return xlsxRows(body);
  return csvRows(decodeCsv(body, declared));
}

const BOOL: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false, y: true, n: false, 是: true, 否: false };

/** Rows (the first names the columns) to records as the import takes them; unknown values stay strings so validation names them. */
export function recordsFromRows(rows: string[][]): unknown[] {
  const nonBlank = rows.filter((r) => r.some((c) => c.trim() !== ''));
  const [header, ...lines] = nonBlank;
  if (!header) throw new AppError('BAD_USER_INPUT', 'the file is empty; the first line names the columns', { field: 'header' });
  // Trailing empty header cells (a spreadsheet's unused columns) are not columns.
  let width = header.length;
  while (width > 0 && header[width - 1].trim() === '') width--;
  const names = header.slice(0, width).map((h) => h.trim());
  names.forEach((n) => assertCleanText(n, 'header'));
  for (const n of names) if (!(COLUMNS as readonly string[]).includes(n)) throw new AppError('BAD_USER_INPUT', `unknown column ${n}; columns are ${COLUMNS.join(', ')}`, { field: 'header' });
  for (const n of REQUIRED) if (!names.includes(n)) throw new AppError('BAD_USER_INPUT', `column ${n} is missing`, { field: 'header' });
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
