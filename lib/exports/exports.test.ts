import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { parseCsv } from '../census/read';
import { createContract } from '../contracts/contracts';
import { ForbiddenError } from '../errors';
import { contractPages, exportContracts } from './contracts';
import { exportStream } from './table-stream';

let t: TestDb;
let a: Record<'editor' | 'portal', Actor>;
let otherPortal: Actor;

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

beforeAll(async () => {
  t = await createTestDb();
  const { bundleId } = await makeScheme(t.db);
  const mine = await makeEmployer(t.db, bundleId, ['1000.00']);
  const other = await makeEmployer(t.db, bundleId, ['1000.00']);
  a = await makeActors(t.db, ['editor', 'portal'] as const, { policyHolderId: mine.id });
  otherPortal = (await makeActors(t.db, ['portal'] as const, { policyHolderId: other.id })).portal;
  for (let i = 0; i < 5; i++)
    await createContract(t.db, a.editor, {
      code: `EXP-${i}`,
      policyHolderId: mine.id,
      paymentReference: i === 0 ? '=HYPERLINK("http://evil")' : `REF-${i}`,
      dateValidFrom: `${2030 + i}-01-01`,
      dateValidTo: `${2030 + i}-12-31`,
    });
  await createContract(t.db, a.editor, {
    code: 'EXP-OTHER',
    policyHolderId: other.id,
    paymentReference: 'X',
    dateValidFrom: '2030-01-01',
    dateValidTo: '2030-12-31',
  });
});
afterAll(() => t.close());

describe('contract exports', () => {
  it('writes a search as CSV, in the tenant scope, with formulas neutralised', async () => {
    const { stream, filename } = exportContracts(t.db, a.portal, { code: 'EXP' }, 'csv');
    expect(filename).toMatch(/^contracts-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(new TextDecoder().decode(await readAll(stream)));
    expect(rows[0]![0]).toBe('Code');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['EXP-0', 'EXP-1', 'EXP-2', 'EXP-3', 'EXP-4']);
    expect(rows[1]![9]).toBe(`'=HYPERLINK("http://evil")`);
    const theirs = parseCsv(
      new TextDecoder().decode(await readAll(exportContracts(t.db, otherPortal, {}, 'csv').stream)),
    );
    expect(theirs.slice(1).map((r) => r[0])).toEqual(['EXP-OTHER']);
  });

  it('writes the same rows as an XLSX workbook', async () => {
    const bytes = await readAll(exportContracts(t.db, a.editor, { code: 'EXP' }, 'xlsx').stream);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(7);
    expect(sheet.getRow(2).getCell(1).value).toBe('EXP-0');
  });

  it('pages with a keyset: every row once, whatever the page size', async () => {
    const seen: string[] = [];
    for await (const page of contractPages(t.db, a.editor, { code: 'EXP' }, 2))
      seen.push(...page.map((c) => c.code));
    expect(seen).toEqual(['EXP-0', 'EXP-1', 'EXP-2', 'EXP-3', 'EXP-4', 'EXP-OTHER']);
  });

  it('reads a page only when the reader asks for more (flat memory)', async () => {
    let pulled = 0;
    async function* pages() {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield [{ n: i }];
      }
    }
    const reader = exportStream(
      'csv',
      [{ header: 'n', value: (r: { n: number }) => r.n }],
      pages(),
    ).getReader();
    for (let i = 0; i < 5; i++) await reader.read();
    await reader.cancel();
    expect(pulled).toBeLessThan(10);
  });

  it('needs the right to read contracts', async () => {
    const nobody = { ...a.editor, permissions: new Set<never>() };
    expect(() => exportContracts(t.db, nobody, {}, 'csv')).toThrow(ForbiddenError);
  });
});
