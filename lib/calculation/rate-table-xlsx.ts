import ExcelJS from 'exceljs';
import { ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import { money } from '../money';
import { type Dimension, isTableDecimal, type RateTable, tableFromCsv } from './rate-table';
import { toCsv } from './rate-table-csv';

/**
 * Rate tables as XLSX (issue 17), beside CSV and in the same layout: the first worksheet, one column
 * per dimension then `value`, a header line, one line per cell. Server only (exceljs). Reading goes
 * through the CSV reader, so a table has one set of checks whatever file it came from.
 */

/** An uploaded workbook is bounded before it is unzipped: a spreadsheet of 5,000 rows is far smaller. */
export const MAX_XLSX_BYTES = 2_000_000;

/** A decimal cell's text: a spreadsheet number carries binary noise (0.1 + 0.2), 15 digits drop it. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
  }
  return String(value);
}

/** The first worksheet's used rows as CSV text (empty rows dropped). */
export async function xlsxToCsv(bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength > MAX_XLSX_BYTES) throw new ValidationError(err('common.xlsxFileTooLarge'));
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError(err('calculation.fileNotXlsxWorkbook'));
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new ValidationError(err('calculation.fileNotXlsxWorkbook'));
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    while (cells.length && cells.at(-1) === '') cells.pop();
    if (cells.length) rows.push(cells);
  });
  const [header = [], ...body] = rows;
  return toCsv(header, body);
}

/** Reads a table from an XLSX workbook: the same layout and checks as CSV. */
export async function tableFromXlsx(
  name: string,
  bytes: Uint8Array,
  kinds: Dimension['kind'][],
): Promise<RateTable> {
  return tableFromCsv(name, await xlsxToCsv(bytes), kinds);
}

/**
 * A decimal goes out as a number when a spreadsheet holds it exactly ("1.20" as 1.2: the same value),
 * otherwise as text, so nothing is rounded on the way out and back in.
 */
const asCell = (v: string): string | number =>
  isTableDecimal(v) && money(String(Number(v))).eq(money(v)) ? Number(v) : v;

/** A table as an XLSX workbook: one worksheet named after the table. */
export async function tableToXlsx(table: RateTable): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Pactum';
  // Worksheet names are at most 31 characters and exclude []:*?/\ .
  const sheet = wb.addWorksheet(table.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'table');
  sheet.addRow([...table.dimensions.map((d) => d.name), 'value']);
  sheet.getRow(1).font = { bold: true };
  for (const cell of table.cells)
    sheet.addRow([
      ...cell.keys.map((k, i) => (table.dimensions[i]?.kind === 'band' ? asCell(k) : k)),
      asCell(cell.value),
    ]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
