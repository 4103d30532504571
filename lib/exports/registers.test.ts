import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/db/seed/demo';
import { linkPortalUser, makePolicyHolder, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { type Actor, loadActor } from '../auth/actor';
import { createInvoice } from '../billing/invoices';
import { searchCreditNotes, searchInvoices, searchPayments, searchReceipts } from '../billing/registers';
import { policyHolderStatement } from '../billing/statement';
import { parseCsv } from '../census/read';
import { searchContracts } from '../contracts/search';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { exportRegister, REGISTERS } from './registers';
import { exportStatement } from './statement';

let t: TestDb;
let viewer: Actor;
let approver: Actor;
let outsider: Actor;
let acmePh: string;

const csvOf = async (stream: ReadableStream<Uint8Array>) => parseCsv(await new Response(stream).text());

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db);
  viewer = (await loadActor(t.db, (await makeUser(t.db, 'viewer')).id))!;
  approver = (await loadActor(t.db, (await makeUser(t.db, 'approver')).id))!;
  const p = await makeUser(t.db, 'portal');
  await linkPortalUser(t.db, p.id, (await makePolicyHolder(t.db)).id);
  outsider = (await loadActor(t.db, p.id))!;
  const acme = (await searchContracts(t.db, viewer, { code: 'ACME' })).items[0]!;
  acmePh = acme.policyHolderId!;
  await createInvoice(t.db, approver, { contractId: acme.id });
});
afterAll(() => t.close());

const SEARCH = {
  invoices: searchInvoices,
  payments: searchPayments,
  receipts: searchReceipts,
  'credit-notes': searchCreditNotes,
} as const;

describe('register exports', () => {
  it.each(REGISTERS)('%s: every row of the search, once, in the scope of the reader', async (register) => {
    const { total } = await SEARCH[register](t.db, viewer, {});
    const { stream, filename } = exportRegister(t.db, viewer, register, {}, 'csv');
    expect(filename).toMatch(new RegExp(`^${register}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const rows = await csvOf(stream);
    expect(rows.length - 1).toBe(total);
    // Pages of one row give the same rows (the keyset neither repeats nor skips one).
    const small = await csvOf(exportRegister(t.db, viewer, register, {}, 'csv', { pageSize: 1 }).stream);
    expect(small).toEqual(rows);
    const theirs = await csvOf(exportRegister(t.db, outsider, register, {}, 'csv').stream);
    expect(theirs.length - 1).toBe((await SEARCH[register](t.db, outsider, {})).total);
  });

  it('applies the page search and writes the invoice register as XLSX with amounts as numbers', async () => {
    const { items, total } = await searchInvoices(t.db, viewer, { q: 'acme' });
    expect(total).toBeGreaterThan(0);
    const rows = await csvOf(exportRegister(t.db, viewer, 'invoices', { q: 'acme' }, 'csv').stream);
    expect(rows[0]!.slice(0, 3)).toEqual(['Number', 'Issued', 'Contract']);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(items.map((i) => i.number).sort());
    const wb = new ExcelJS.Workbook();
    const bytes = await new Response(
      exportRegister(t.db, viewer, 'invoices', { q: 'acme' }, 'xlsx').stream,
    ).arrayBuffer();
    await wb.xlsx.load(bytes);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(total + 1);
    expect(typeof sheet.getRow(2).getCell(10).value).toBe('number');
    expect(sheet.getRow(2).getCell(10).value).toBe(
      Number(items.find((i) => i.number === sheet.getRow(2).getCell(1).value)!.total),
    );
  });

  it('exports the payment register with its status filter', async () => {
    const paid = await searchPayments(t.db, viewer, { status: 'paid' });
    const rows = await csvOf(exportRegister(t.db, viewer, 'payments', { status: 'paid' }, 'csv').stream);
    expect(rows.length - 1).toBe(paid.total);
    expect(rows.slice(1).every((r) => r[9] === 'paid')).toBe(true);
  });

  it('needs the right to read contracts', () => {
    const nobody = { ...viewer, permissions: new Set<never>() };
    expect(() => exportRegister(t.db, nobody, 'receipts', {}, 'csv')).toThrow(ForbiddenError);
  });
});

describe('statement export', () => {
  it('writes the lines of the statement with the same running balance, page size aside', async () => {
    const statement = await policyHolderStatement(t.db, viewer, acmePh);
    expect(statement.lines.length).toBeGreaterThan(1);
    for (const pageSize of [1000, 1]) {
      const rows = await csvOf((await exportStatement(t.db, viewer, acmePh, {}, 'csv', { pageSize })).stream);
      expect(rows[0]).toEqual([
        'Date',
        'Kind',
        'Number',
        'Contract',
        'Description',
        'Debit',
        'Credit',
        'Balance',
      ]);
      expect(rows.length - 1).toBe(statement.lines.length);
      expect(rows.at(-1)![7]).toBe(statement.balance);
      expect(
        rows
          .slice(1)
          .map((r) => r[2])
          .sort(),
      ).toEqual(statement.lines.map((l) => l.number).sort());
    }
  });

  it('starts with the opening balance when a from date is given', async () => {
    const statement = await policyHolderStatement(t.db, viewer, acmePh);
    const from = statement.lines.at(-1)!.date;
    const part = await policyHolderStatement(t.db, viewer, acmePh, { from });
    const rows = await csvOf((await exportStatement(t.db, viewer, acmePh, { from }, 'csv')).stream);
    expect(rows[1]!.slice(0, 2)).toEqual([from, 'opening']);
    expect(rows[1]![7]).toBe(part.openingBalance);
    expect(rows.length - 2).toBe(part.lines.length);
    expect(rows.at(-1)![7]).toBe(part.balance);
  });

  it('is scoped like the statement page, and validates its dates before the first byte', async () => {
    await expect(exportStatement(t.db, outsider, acmePh, {}, 'csv')).rejects.toThrow(NotFoundError);
    await expect(exportStatement(t.db, viewer, acmePh, { from: 'yesterday' }, 'csv')).rejects.toThrow(
      ValidationError,
    );
  });
});
