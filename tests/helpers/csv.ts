import { parse } from 'csv-parse/sync';

/** A CSV export read back for assertions (csv-parse: fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true }) as string[][];
}
