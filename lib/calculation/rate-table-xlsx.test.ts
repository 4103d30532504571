import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../auth/actor';
import { ForbiddenError, ValidationError } from '../errors';
import { exportRateTableXlsx, importRateTableXlsx } from '../premium-rules/versions';
import { exampleRule } from './premium-rule-example';
import { compileTable, tableToCsv } from './rate-table';
import { tableFromXlsx, tableToXlsx, xlsxToCsv } from './rate-table-xlsx';

const ages = exampleRule.tables[0]!;
const kinds = ages.dimensions.map((d) => d.kind);

async function workbook(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('rates');
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('rate tables as XLSX', () => {
  it('round-trips a table: export then import gives the same cells and the same lookups', async () => {
    const back = await tableFromXlsx('ages', await tableToXlsx(ages), kinds);
    expect(back).toEqual({
      ...ages,
      cells: ages.cells.map((c) => ({ ...c, value: String(Number(c.value)) })),
    });
    expect(tableToCsv(back)).toBe(
      'age,gender,value\n18,M,1.2\n18,F,1.1\n40,M,1.8\n40,F,1.6\n60,M,2.9\n60,F,2.5\n',
    );
    const lookup = compileTable(back).lookup;
    const { money } = await import('../money');
    expect(lookup([money(39), 'M']).value.toString()).toBe('1.2');
    expect(lookup([money(40), 'F']).value.toString()).toBe('1.6');
  });

  it('keeps decimals a spreadsheet cannot hold exactly as text, so nothing is rounded on the way', async () => {
    const precise = { ...ages, cells: [{ keys: ['18', 'M'], value: '1234567890.1234567891' }] };
    const back = await tableFromXlsx('ages', await tableToXlsx(precise), kinds);
    expect(back.cells[0]!.value).toBe('1234567890.1234567891');
  });

  it('reads what spreadsheets write: numbers with binary noise, formulas, empty rows', async () => {
    const bytes = await workbook([
      ['age', 'value'],
      [18, 0.1 + 0.2],
      [],
      [40, { formula: 'B2*2', result: 0.6000000000000001 }],
    ]);
    expect(await xlsxToCsv(bytes)).toBe('age,value\n18,0.3\n40,0.6\n');
  });

  it('refuses a file that is no workbook, and a sheet laid out otherwise, saying which', async () => {
    await expect(xlsxToCsv(new TextEncoder().encode('age,value\n18,1\n'))).rejects.toThrow(
      'This file is not an XLSX workbook.',
    );
    const wrong = await workbook([
      ['age', 'rate'],
      [18, 1],
    ]);
    await expect(tableFromXlsx('ages', wrong, ['band'])).rejects.toThrow(
      'Rate table "ages": the CSV header must list 1 dimension then "value".',
    );
    const bad = await workbook([
      ['age', 'value'],
      [18, 'one'],
    ]);
    await expect(tableFromXlsx('ages', bad, ['band'])).rejects.toBeInstanceOf(ValidationError);
  });

  it('services: import needs product.configure, export needs rules read; base64 both ways', async () => {
    const configurer = systemActor(['policyholder.read', 'product.configure']);
    const reader = systemActor(['policyholder.read']);
    const b64 = await exportRateTableXlsx(reader, { name: 'ages', csv: tableToCsv(ages), kinds });
    const table = await importRateTableXlsx(configurer, { name: 'ages', xlsx: b64, kinds });
    expect(table.cells).toHaveLength(6);
    await expect(importRateTableXlsx(reader, { name: 'ages', xlsx: b64, kinds })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      importRateTableXlsx(configurer, { name: 'ages', xlsx: 'A'.repeat(3_000_000), kinds }),
    ).rejects.toThrow('The XLSX file is too large (at most 2 MB).');
  });
});
