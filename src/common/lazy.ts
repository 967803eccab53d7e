/**
 * Libraries the hub loads on first use instead of at startup. ExcelJS (with JSZip and the archive
 * libraries it pulls in) adds ~30 MB to the RSS of a process that loads it, yet only the XLSX
 * report export and the verification-record upload use it; every other hub would carry it for
 * nothing (BENCHMARKS.md, "Memory, session 9"). `require` is synchronous and cached: the first
 * spreadsheet a process reads or writes pays a one-off load (1.4 s on the shared 2-core machine
 * under load, during which the process serves nothing else), the rest nothing.
 */
import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';

/* eslint-disable @typescript-eslint/no-require-imports */
let excel: typeof ExcelJS | undefined;
export const exceljs = (): typeof ExcelJS => (excel ??= require('exceljs') as typeof ExcelJS);

let zip: typeof JSZip | undefined;
export const jszip = (): typeof JSZip => (zip ??= require('jszip') as typeof JSZip);
