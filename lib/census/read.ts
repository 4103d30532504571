import ExcelJS from 'exceljs';
import { ValidationError } from '../errors';
import { err } from '../i18n/keyed';

/** Largest employee list accepted (a 5,000-person CSV is about 400 KB). */
export const MAX_CENSUS_BYTES = 4 * 1024 * 1024;
export const MAX_CENSUS_ROWS = 20_000;

export const CENSUS_COLUMNS = [
  'insuranceNumber',
  'firstName',
  'lastName',
  'gender',
  'dateOfBirth',
  'family',
  'income',
  'bundle',
  'dateFrom',
] as const;
export type CensusColumn = (typeof CENSUS_COLUMNS)[number];

/** The header to write in a template, and the ones recognised (English and French, any case or punctuation). */
export const COLUMN_HEADERS: Record<CensusColumn, { label: string; aliases: string[]; required: boolean }> = {
  insuranceNumber: {
    label: 'Insurance number',
    aliases: [
      'insurancenumber',
      'insuranceno',
      'number',
      'numeroassurance',
      'numerodassurance',
      'nassurance',
    ],
    required: true,
  },
  firstName: { label: 'First name', aliases: ['firstname', 'givenname', 'prenom'], required: true },
  lastName: { label: 'Last name', aliases: ['lastname', 'surname', 'familyname', 'nom'], required: true },
  gender: { label: 'Gender', aliases: ['gender', 'sex', 'sexe', 'genre'], required: false },
  dateOfBirth: {
    label: 'Date of birth',
    aliases: ['dateofbirth', 'birthdate', 'dob', 'datedenaissance', 'naissance'],
    required: true,
  },
  family: { label: 'Family', aliases: ['family', 'familyhead', 'famille', 'chefdefamille'], required: false },
  income: { label: 'Income', aliases: ['income', 'salary', 'revenu', 'salaire'], required: false },
  bundle: { label: 'Bundle', aliases: ['bundle', 'bundlecode', 'formule', 'package'], required: true },
  dateFrom: {
    label: 'From',
    aliases: ['from', 'fromdate', 'datefrom', 'validfrom', 'startdate', 'debut', 'datededebut', 'apartirdu'],
    required: true,
  },
};

export type CensusTable = {
  /** Where each known column is (index into a row), and its header as written in the file. */
  columns: Partial<Record<CensusColumn, { index: number; header: string }>>;
  /** Data rows with their line number in the file (the header is line 1 of a CSV, its row of a sheet). */
  rows: { line: number; cells: string[] }[];
};

const normalise = (h: string) =>
  h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

function locateColumns(header: string[]): CensusTable['columns'] {
  const columns: CensusTable['columns'] = {};
  header.forEach((h, index) => {
    const key = normalise(h);
    const col = CENSUS_COLUMNS.find((c) => COLUMN_HEADERS[c].aliases.includes(key));
    if (col && !columns[col]) columns[col] = { index, header: h.trim() };
  });
  const missing = CENSUS_COLUMNS.filter((c) => COLUMN_HEADERS[c].required && !columns[c]);
  if (missing.length) {
    const names = missing.map((c) => COLUMN_HEADERS[c].label).join(', ');
    throw new ValidationError(err('census.missingColumns', { columns: names }), {
      file: [err('census.missingColumnsList', { columns: names })],
    });
  }
  return columns;
}

/** RFC 4180 CSV (quotes, doubled quotes, line breaks in quotes), separated by `,`, `;` or tab. */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  const delimiter = counts.sort((x, y) => y[1] - x[1])[0]![0];
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell's value as the text a person would have typed: dates as YYYY-MM-DD, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date)
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError(err('census.fileNotReadableExcel'), {
      file: ['Unreadable.'],
    });
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    rows[n - 1] = values.slice(1).map(cellText);
  });
  return Array.from(rows, (r) => r ?? []);
}

const isXlsx = (name: string, bytes: Uint8Array) =>
  /\.xlsx$/i.test(name) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);

/** Reads an employee list (CSV or XLSX): its columns by their header and its non-empty data rows. */
export async function readCensusFile(name: string, bytes: Uint8Array): Promise<CensusTable> {
  if (bytes.byteLength === 0) throw new ValidationError(err('common.fileEmpty'), { file: ['Empty.'] });
  if (bytes.byteLength > MAX_CENSUS_BYTES)
    throw new ValidationError(err('census.fileLargerThan4'), { file: [err('census.tooLarge')] });
  let grid: string[][];
  if (isXlsx(name, bytes)) grid = await readXlsx(bytes);
  else if (/\.(csv|txt)$/i.test(name) || !/\.[a-z0-9]+$/i.test(name)) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Spreadsheets on Windows still save CSV as Windows-1252.
      text = new TextDecoder('windows-1252').decode(bytes);
    }
    grid = parseCsv(text);
  } else
    throw new ValidationError(err('census.uploadCsvExcelXlsx'), { file: [err('census.unsupportedType')] });
  const headerAt = grid.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerAt < 0) throw new ValidationError(err('common.fileEmpty'), { file: ['Empty.'] });
  const columns = locateColumns(grid[headerAt]!);
  const rows: CensusTable['rows'] = [];
  for (let i = headerAt + 1; i < grid.length; i++) {
    const cells = (grid[i] ?? []).map((c) => c.trim());
    if (cells.every((c) => c === '')) continue;
    rows.push({ line: i + 1, cells });
  }
  if (rows.length > MAX_CENSUS_ROWS)
    throw new ValidationError(err('census.moreThanPeople', { max: MAX_CENSUS_ROWS }), {
      file: [err('census.tooManyRows')],
    });
  return { columns, rows };
}
