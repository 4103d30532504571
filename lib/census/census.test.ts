import { and, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, censusImports, insurees, policyHolderInsurees } from '@/db/schema';
import {
  allowBundle,
  declareInsuree,
  makeActors,
  makeBundle,
  makeFamily,
  makePlan,
  makePolicyHolder,
  makeProduct,
} from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { inEnglish } from '../i18n/keyed';
import { listPolicyHolderInsurees, removePolicyHolderInsuree } from '../policy-holders/insurees';
import { applyCensus, previewCensus } from './census';
import { parseCsv } from './read';

let t: TestDb;
let a: Record<'editor' | 'viewer' | 'portal', Actor>;
let otherPortal: Actor;
let phId: string;
let n = 0;
const tag = () => `${Date.now() % 100000}${++n}`;
let run = '';
const num = (s: string) => `${run}-${s}`;
let strangerNumber: string;
let basicBundleId: string;

const HEADER = 'Insurance number;First name;Last name;Gender;Date of birth;Family;Income;Bundle;From';
const enc = (text: string) => new TextEncoder().encode(text);
const csv = (...lines: string[]) => enc([HEADER, ...lines].join('\r\n'));

async function lineCount(policyHolderId = phId) {
  const [r] = await t.db
    .select({ n: count() })
    .from(policyHolderInsurees)
    .where(
      and(eq(policyHolderInsurees.policyHolderId, policyHolderId), eq(policyHolderInsurees.isDeleted, false)),
    );
  return r!.n;
}

beforeAll(async () => {
  t = await createTestDb();
  const product = await makeProduct(t.db);
  const plan = await makePlan(t.db, product.id, { params: { rate: '5', includeFamily: false } });
  const fixed = await makePlan(t.db, product.id, {
    calculationRule: 'fixed-amount',
    params: { amount: '20.00' },
  });
  const income = await makeBundle(t.db, [plan.id], { code: 'BASIC' });
  basicBundleId = income.id;
  const flat = await makeBundle(t.db, [fixed.id], { code: 'FLAT' });
  await makeBundle(t.db, [plan.id], { code: 'SECRET' });
  phId = (await makePolicyHolder(t.db)).id;
  await allowBundle(t.db, phId, income.id);
  await allowBundle(t.db, phId, flat.id);
  const otherPh = await makePolicyHolder(t.db);
  a = await makeActors(t.db, ['editor', 'viewer', 'portal'] as const, { policyHolderId: phId });
  otherPortal = (await makeActors(t.db, ['portal'] as const, { policyHolderId: otherPh.id })).portal;
  // Someone another employer declared: our policy holder may declare them too, knowing number and birth date.
  run = `R${tag()}`;
  strangerNumber = num('S1');
  const { members } = await makeFamily(t.db, [
    { firstName: 'Sam', lastName: 'Stranger', insuranceNumber: strangerNumber, dateOfBirth: '1970-03-03' },
  ]);
  await declareInsuree(t.db, otherPh.id, members[0]!.id, income.id);
});
afterAll(() => t.close());

describe('reading a list', () => {
  it('parses quoted CSV with ; or , and line breaks in quotes', () => {
    expect(parseCsv('a;b\r\n"x;1";"say ""hi""\nthere"\n')).toEqual([
      ['a', 'b'],
      ['x;1', 'say "hi"\nthere'],
    ]);
    expect(parseCsv('\uFEFFa,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses a file without the required columns, naming them', async () => {
    await expect(
      previewCensus(t.db, a.portal, { policyHolderId: phId, fileName: 'x.csv' }, enc('Name;Salary\nA;1')),
    ).rejects.toThrow(/missing: Insurance number, First name, Last name, Date of birth, Bundle, From/);
  });
});

describe('a census import', () => {
  it('previews new people and applies them in one go: families, lines, audit, the import record', async () => {
    const file = csv(
      `${num('A')};Ann;Able;F;1980-01-31;;3000.00;BASIC;2026-01-01`,
      `${num('B')};Bob;Able;M;02/05/2010;${num('A')};;FLAT;01/01/2026`,
      `${num('C')};Cy;Cole;m;1975-07-07;;"2 500,50";basic;2026-01-01`,
    );
    const input = { policyHolderId: phId, fileName: 'staff.csv', leaveDate: '2026-01-01' };
    const preview = await previewCensus(t.db, a.portal, input, file);
    expect(preview.errors).toEqual([]);
    expect(preview.added.map((p) => p.insuranceNumber)).toEqual([num('A'), num('B'), num('C')]);
    expect(preview).toMatchObject({ rows: 3, changed: [], leaving: [], unchanged: 0, canApply: true });
    expect(await lineCount()).toBe(0);

    const result = await applyCensus(t.db, a.portal, { ...input, digest: preview.digest }, file);
    expect(result).toMatchObject({ added: 3, changed: 0, leaving: 0 });
    const lines = await listPolicyHolderInsurees(t.db, a.portal, phId);
    expect(lines.map((l) => [l.insuranceNumber, l.bundleCode, l.calculationParams])).toEqual([
      [num('A'), 'BASIC', { income: '3000.00' }],
      [num('B'), 'FLAT', {}],
      [num('C'), 'BASIC', { income: '2500.50' }],
    ]);
    const people = await t.db.select().from(insurees).where(eq(insurees.lastName, 'Able'));
    const ann = people.find((p) => p.firstName === 'Ann')!;
    const bob = people.find((p) => p.firstName === 'Bob')!;
    expect(bob.familyId).toBe(ann.familyId);
    expect([ann.isFamilyHead, bob.isFamilyHead, bob.dateOfBirth]).toEqual([true, false, '2010-05-02']);
    const [audited] = await t.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'policy_holder_insuree'), eq(auditLog.operation, 'create')));
    expect(audited!.n).toBeGreaterThanOrEqual(3);
    const [record] = await t.db.select().from(censusImports).where(eq(censusImports.id, result.importId));
    expect(record).toMatchObject({ policyHolderId: phId, fileName: 'staff.csv', added: 3, rows: 3 });
    // The same list again changes nothing.
    const again = await previewCensus(t.db, a.portal, input, file);
    expect(again).toMatchObject({ added: [], changed: [], leaving: [], unchanged: 3, canApply: false });
  });

  it('shows every row error (row, column, reason) and writes nothing', async () => {
    const before = await lineCount();
    const file = csv(
      `${num('E1')};Eve;Error;F;1990-13-01;;100;BASIC;2026-01-01`,
      `${num('E2')};Eli;Error;M;1990-01-01;;100;GOLD;2026-01-01`,
      `${num('E3')};Ed;Error;M;1990-01-01;;;BASIC;2026-01-01`,
      `${num('E4')};Em;Error;;1990-01-01;;100;BASIC;soon`,
      `${num('E4')};Em;Again;F;1990-01-01;;100;BASIC;2026-01-01`,
      `${num('E5')};Ez;Error;F;1990-01-01;${num('NOBODY')};100;BASIC;2026-01-01`,
      `${strangerNumber};Sam;Stranger;M;1970-03-04;;100;BASIC;2026-01-01`,
      `${num('E6')};Ey;Error;F;1990-01-01;;100;SECRET;2026-01-01`,
    );
    const input = { policyHolderId: phId, fileName: 'bad.csv', leaveDate: '2026-01-01' };
    const preview = await previewCensus(t.db, a.editor, input, file);
    expect(preview.canApply).toBe(false);
    expect(preview.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'Date of birth'],
      [3, 'Bundle'],
      [4, 'Income'],
      [5, 'Gender'],
      [5, 'From'],
      [6, 'Insurance number'],
      [7, 'Family'],
      [8, 'Date of birth'],
      [9, 'Bundle'],
    ]);
    expect(inEnglish(preview.errors[1]!.message)).toBe('This bundle is not available to this policy holder.');
    expect(inEnglish(preview.errors[7]!.message)).toMatch(/another date of birth/);
    await expect(applyCensus(t.db, a.editor, { ...input, digest: preview.digest }, file)).rejects.toThrow(
      ValidationError,
    );
    expect(await lineCount()).toBe(before);
  });

  it('applies an XLSX with a changed income from mid-year, a leaver and a person known to the register', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Staff');
    ws.addRow([
      'N° assurance',
      'Prénom',
      'Nom',
      'Sexe',
      'Date de naissance',
      'Famille',
      'Salaire',
      'Formule',
      'Début',
    ]);
    ws.addRow([
      num('A'),
      'Ann',
      'Able',
      'F',
      new Date(Date.UTC(1980, 0, 31)),
      '',
      3500,
      'BASIC',
      new Date(Date.UTC(2026, 6, 1)),
    ]);
    ws.addRow([num('B'), 'Bob', 'Able', 'M', '2010-05-02', num('A'), '', 'FLAT', '2026-01-01']);
    ws.addRow([strangerNumber, 'Whoever', 'Typed', '', '1970-03-03', '', '1800', 'BASIC', '2026-07-01']);
    const file = new Uint8Array(await wb.xlsx.writeBuffer());
    const input = { policyHolderId: phId, fileName: 'staff.xlsx', leaveDate: '2026-07-01' };
    const preview = await previewCensus(t.db, a.portal, input, file);
    expect(preview.errors).toEqual([]);
    expect(preview.added.map((p) => p.insuranceNumber)).toEqual([strangerNumber]);
    expect(preview.changed).toMatchObject([
      { insuranceNumber: num('A'), changes: [{ field: 'income', from: '3000.00', to: '3500' }] },
    ]);
    expect(preview.leaving.map((p) => p.insuranceNumber)).toEqual([num('C')]);
    expect(preview.unchanged).toBe(1);

    await applyCensus(t.db, a.portal, { ...input, digest: preview.digest }, file);
    const lines = await listPolicyHolderInsurees(t.db, a.editor, phId);
    const of = (n: string) =>
      lines
        .filter((l) => l.insuranceNumber === n)
        .map((l) => [l.dateValidFrom, l.dateValidTo, l.calculationParams]);
    expect(of(num('A'))).toEqual([
      ['2026-01-01', '2026-06-30', { income: '3000.00' }],
      ['2026-07-01', null, { income: '3500' }],
    ]);
    expect(of(num('C'))).toEqual([['2026-01-01', '2026-06-30', { income: '2500.50' }]]);
    // The register's person, not a new one, and their registered names kept.
    expect(lines.find((l) => l.insuranceNumber === strangerNumber)).toMatchObject({
      firstName: 'Sam',
      lastName: 'Stranger',
    });
    expect(
      await t.db.select().from(insurees).where(eq(insurees.insuranceNumber, strangerNumber)),
    ).toHaveLength(1);
  });

  it('refuses to apply when the declarations changed since the preview, writing nothing', async () => {
    const file = csv(`${num('A')};Ann;Able;F;1980-01-31;;3600;BASIC;2026-09-01`);
    const input = { policyHolderId: phId, fileName: 'late.csv', leaveDate: '2026-09-01' };
    const preview = await previewCensus(t.db, a.editor, input, file);
    expect(preview.canApply).toBe(true);
    const bob = (await listPolicyHolderInsurees(t.db, a.editor, phId)).find(
      (l) => l.insuranceNumber === num('B'),
    )!;
    await removePolicyHolderInsuree(t.db, a.editor, { id: bob.id, version: bob.version });
    const before = await lineCount();
    await expect(applyCensus(t.db, a.editor, { ...input, digest: preview.digest }, file)).rejects.toThrow(
      ConflictError,
    );
    expect(await lineCount()).toBe(before);
  });

  it('is for the policy holder’s own portal users and staff who may edit policy holders', async () => {
    const file = csv(`${num('Z')};Zed;Zulu;M;1980-01-01;;100;BASIC;2026-01-01`);
    const input = { policyHolderId: phId, fileName: 'z.csv' };
    await expect(previewCensus(t.db, otherPortal, input, file)).rejects.toThrow(NotFoundError);
    await expect(applyCensus(t.db, otherPortal, { ...input, digest: '0'.repeat(64) }, file)).rejects.toThrow(
      NotFoundError,
    );
    await expect(previewCensus(t.db, a.viewer, input, file)).rejects.toThrow(ForbiddenError);
  });
});

describe('a large list', () => {
  it('imports 5,000 people in one transaction', async () => {
    const ph = await makePolicyHolder(t.db);
    await allowBundle(t.db, ph.id, basicBundleId);
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `${num(`BIG${i}`)};P${i};Big;O;1980-01-01;;${1000 + i};BASIC;2026-01-01`,
    );
    const file = csv(...rows);
    const input = { policyHolderId: ph.id, fileName: 'big.csv', leaveDate: '2026-01-01' };
    const started = performance.now();
    const preview = await previewCensus(t.db, a.editor, input, file);
    const previewed = performance.now();
    expect(preview.added).toHaveLength(5000);
    await applyCensus(t.db, a.editor, { ...input, digest: preview.digest }, file);
    console.log(
      `census 5000 rows on PGlite: preview ${Math.round(previewed - started)} ms, apply ${Math.round(performance.now() - previewed)} ms`,
    );
    expect(await lineCount(ph.id)).toBe(5000);
  }, 120_000);
});
