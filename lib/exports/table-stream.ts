import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportColumn<T> = {
  header: string;
  value: (row: T) => string | number | null;
  /** A decimal string (numeric(18,2)): written as it is in CSV, as a number in XLSX. */
  money?: boolean;
};

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A spreadsheet opens a cell starting with = + - @ (or a tab / carriage return) as a formula: text from
 * users (codes, names, references) is prefixed with a quote so that an export never runs one.
 */
export function neutralise(value: string): string {
  // A plain number (a negative balance: -12.50) is no formula and stays as it is.
  return /^[=+\-@\t\r]/.test(value) && !/^-\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const v = neutralise(value);
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * Rows pulled page by page from `pages` and written as they come: the consumer's pace drives the queries
 * (a page is read only when the previous one has been sent), so memory stays flat whatever the count.
 */
export function exportStream<T>(
  format: ExportFormat,
  columns: ExportColumn<T>[],
  pages: AsyncIterable<T[]>,
): ReadableStream<Uint8Array> {
  if (format === 'csv') {
    const encoder = new TextEncoder();
    const iterator = pages[Symbol.asyncIterator]();
    let started = false;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started) {
          started = true;
          // A BOM, so that Excel reads the UTF-8 names right.
          controller.enqueue(encoder.encode(`\uFEFF${columns.map((c) => csvCell(c.header)).join(',')}\r\n`));
          return;
        }
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        const text = next.value
          .map((row) => `${columns.map((c) => csvCell(c.value(row))).join(',')}\r\n`)
          .join('');
        controller.enqueue(encoder.encode(text));
      },
      async cancel() {
        await iterator.return?.();
      },
    });
  }
  // XLSX: exceljs's streaming writer commits each row to the zip as it goes (no workbook in memory).
  const out = new PassThrough({ highWaterMark: 1 << 16 });
  const write = async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = wb.addWorksheet('Export');
    sheet.addRow(columns.map((c) => c.header)).commit();
    for await (const page of pages) {
      for (const row of page)
        sheet
          .addRow(
            columns.map((c) => {
              const v = c.value(row);
              if (c.money && v !== null) return Number(v);
              return typeof v === 'string' ? neutralise(v) : v;
            }),
          )
          .commit();
      // Wait for the reader when the zip stream is full: back-pressure reaches the queries.
      if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
    }
    sheet.commit();
    await wb.commit();
  };
  write().catch((e) => out.destroy(e));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
