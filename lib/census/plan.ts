import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { addDays } from '../dates';
import { err, label } from '../i18n/keyed';
import { fieldErrorsOf, isoDate } from '../validation/common';
import { newInsureeInput } from '../validation/policy-holder';
import { type CensusColumn, type CensusTable, COLUMN_HEADERS } from './read';

/** The policy holder's latest declaration of each person it has declared (live lines only). */
export type CurrentLine = {
  lineId: string;
  version: number;
  insureeId: string;
  insuranceNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  familyId: string;
  bundleId: string | null;
  bundleCode: string | null;
  calculationParams: Record<string, unknown>;
  dateValidFrom: string;
  dateValidTo: string | null;
};
export type RegisteredPerson = { id: string; insuranceNumber: string; dateOfBirth: string; familyId: string };
export type BundleRules = {
  id: string;
  code: string;
  /** The bundle's rules validate the insuree parameters (income…): the value to store, or a message. */
  validate: (params: Record<string, unknown>) => { data: Record<string, unknown> } | { error: string };
};

export type CensusRowError = { row: number; column: string; message: string };
export type CensusChange = { field: string; from: string | null; to: string | null };
export type CensusPerson = {
  row: number | null;
  insuranceNumber: string;
  firstName: string;
  lastName: string;
  bundle: string | null;
  income: string | null;
  dateFrom: string | null;
  changes?: CensusChange[];
};

type NewPerson = {
  key: string;
  insuranceNumber: string;
  firstName: string;
  lastName: string;
  gender: 'M' | 'F' | 'O';
  dateOfBirth: string;
  /** A new family (keyed by its head's number) or an existing family's id. */
  family: { newKey: string } | { id: string };
  isFamilyHead: boolean;
};
type NewLine = {
  /** An existing person's id, or the number of a new person created by the same import. */
  insuree: { id: string } | { newKey: string };
  bundleId: string;
  calculationParams: Record<string, unknown>;
  dateValidFrom: string;
  dateValidTo: string | null;
};

/** What applying a census would write; computed the same way for the preview and, again, for the apply. */
export type CensusPlan = {
  errors: CensusRowError[];
  added: CensusPerson[];
  changed: CensusPerson[];
  leaving: CensusPerson[];
  unchanged: number;
  /** Digest of what would be written: the apply refuses a plan that differs from the one previewed. */
  digest: string;
  write: {
    newFamilies: string[];
    newPersons: NewPerson[];
    insertLines: NewLine[];
    updateLines: {
      lineId: string;
      before: CurrentLine;
      bundleId: string;
      calculationParams: Record<string, unknown>;
    }[];
    closeLines: { lineId: string; before: CurrentLine; dateValidTo: string }[];
    deleteLines: { lineId: string; before: CurrentLine }[];
  };
};

const NUMBER_BIRTH_MISMATCH = err('common.insuranceNumberRegisteredAnother');
const DUPLICATE = err('census.insuranceNumberAlreadyEarlier');
const BUNDLE_UNKNOWN = err('common.bundleNotAvailablePolicy');
const OVERLAP = err('common.personAlreadyDeclaredPolicy');
const FAMILY_HEAD = err('census.familyInsuranceNumberFamily');

export const stableJson = (v: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))));

/** 31/12/1990, 31.12.1990 and 1990-12-31 are the same day; anything else is left for validation to refuse. */
export function normaliseDate(value: string): string {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : value;
}

const GENDERS: Record<string, 'M' | 'F' | 'O'> = {
  m: 'M',
  male: 'M',
  man: 'M',
  h: 'M',
  homme: 'M',
  f: 'F',
  female: 'F',
  woman: 'F',
  femme: 'F',
  o: 'O',
  other: 'O',
  autre: 'O',
};

/** "1 234,50" and "1234.5" are both an income; the rule's own validation decides the rest. */
const normaliseAmount = (value: string) => {
  const v = value.replace(/[\s\u00a0\u202f]/g, '');
  return v.includes(',') && !v.includes('.') ? v.replace(',', '.') : v;
};

const FROM_DATE = isoDate('from');

const firstIssue = (schema: z.ZodType, value: unknown): string | null => {
  const r = schema.safeParse(value);
  return r.success ? null : (Object.values(fieldErrorsOf(r.error))[0]?.[0] ?? err('census.invalidValue'));
};

/**
 * The census as a plan: every row validated (row, column, reason), each person classified as new,
 * changed, unchanged or (absent from the list) leaving, and the set-based writes that would apply it.
 * Changes apply from the row's date: a line that started earlier ends the day before and a new line
 * starts (the history of what was declared stays true); a line starting on or after it is corrected.
 */
export function planCensus(
  table: CensusTable,
  ctx: {
    current: CurrentLine[];
    registered: RegisteredPerson[];
    bundles: BundleRules[];
    leaveDate: string;
  },
): CensusPlan {
  const errors: CensusRowError[] = [];
  const currentByNumber = new Map(ctx.current.map((c) => [c.insuranceNumber, c]));
  const registeredByNumber = new Map(ctx.registered.map((r) => [r.insuranceNumber, r]));
  const bundleByCode = new Map(ctx.bundles.map((b) => [b.code.toLowerCase(), b]));
  const header = (col: CensusColumn) => table.columns[col]?.header ?? COLUMN_HEADERS[col].label;
  const cell = (cells: string[], col: CensusColumn) => {
    const at = table.columns[col];
    return at ? (cells[at.index] ?? '').trim() : '';
  };

  type Row = {
    line: number;
    number: string;
    firstName: string;
    lastName: string;
    gender: string;
    dateOfBirth: string;
    family: string;
    income: string;
    bundle?: BundleRules;
    bundleCode: string;
    params?: Record<string, unknown>;
    dateFrom: string;
    ok: boolean;
  };
  const rows: Row[] = [];
  const seen = new Set<string>();
  const shape = newInsureeInput.shape;
  for (const { line, cells } of table.rows) {
    const fail = (col: CensusColumn, message: string) => {
      errors.push({ row: line, column: header(col), message });
      row.ok = false;
    };
    const row: Row = {
      line,
      number: cell(cells, 'insuranceNumber'),
      firstName: cell(cells, 'firstName'),
      lastName: cell(cells, 'lastName'),
      gender: cell(cells, 'gender'),
      dateOfBirth: normaliseDate(cell(cells, 'dateOfBirth')),
      family: cell(cells, 'family'),
      income: normaliseAmount(cell(cells, 'income')),
      bundleCode: cell(cells, 'bundle'),
      dateFrom: normaliseDate(cell(cells, 'dateFrom')),
      ok: true,
    };
    rows.push(row);
    const numberIssue = firstIssue(shape.insuranceNumber, row.number);
    if (numberIssue) fail('insuranceNumber', numberIssue);
    else if (seen.has(row.number)) fail('insuranceNumber', DUPLICATE);
    seen.add(row.number);
    const dobIssue = firstIssue(shape.dateOfBirth, row.dateOfBirth);
    if (dobIssue) fail('dateOfBirth', dobIssue);
    const fromIssue = firstIssue(FROM_DATE, row.dateFrom);
    if (fromIssue) fail('dateFrom', fromIssue);
    row.bundle = bundleByCode.get(row.bundleCode.toLowerCase());
    if (!row.bundleCode) fail('bundle', err('required', { label: label('bundle') }));
    else if (!row.bundle) fail('bundle', BUNDLE_UNKNOWN);
    else {
      const checked = row.bundle.validate(row.income ? { income: row.income } : {});
      if ('error' in checked) fail('income', checked.error);
      else row.params = checked.data;
    }
    const known = currentByNumber.get(row.number);
    const person = known ? { dateOfBirth: known.dateOfBirth } : registeredByNumber.get(row.number);
    if (person && !dobIssue && person.dateOfBirth !== row.dateOfBirth)
      fail('dateOfBirth', NUMBER_BIRTH_MISMATCH);
    if (!person) {
      // A new person: the register needs the names and the gender.
      for (const col of ['firstName', 'lastName'] as const) {
        const issue = firstIssue(shape[col], row[col]);
        if (issue) fail(col, issue);
      }
      const gender = GENDERS[row.gender.toLowerCase()];
      if (!gender)
        fail('gender', row.gender ? err('census.genderMFO') : err('required', { label: label('gender') }));
      else row.gender = gender;
    }
  }

  const added: CensusPerson[] = [];
  const changed: CensusPerson[] = [];
  const leaving: CensusPerson[] = [];
  let unchanged = 0;
  const write: CensusPlan['write'] = {
    newFamilies: [],
    newPersons: [],
    insertLines: [],
    updateLines: [],
    closeLines: [],
    deleteLines: [],
  };
  const digest: string[] = [];
  const active = (c: CurrentLine) => c.dateValidTo === null || c.dateValidTo >= ctx.leaveDate;
  const view = (r: Row, changes?: CensusChange[]): CensusPerson => ({
    row: r.line,
    insuranceNumber: r.number,
    firstName: r.firstName,
    lastName: r.lastName,
    bundle: r.bundle?.code ?? (r.bundleCode || null),
    income: r.income || null,
    dateFrom: r.dateFrom || null,
    ...(changes ? { changes } : {}),
  });
  const newRows = new Map<string, Row>();
  for (const r of rows)
    if (r.ok && !currentByNumber.has(r.number) && !registeredByNumber.has(r.number)) newRows.set(r.number, r);
  const isHead = (r: Row) => !r.family || r.family === r.number;

  for (const r of rows) {
    if (!r.ok) continue;
    const known = currentByNumber.get(r.number);
    const line = { bundleId: r.bundle!.id, calculationParams: r.params!, dateValidFrom: r.dateFrom };
    if (known && active(known)) {
      const changes: CensusChange[] = [];
      if (known.bundleId !== r.bundle!.id)
        changes.push({ field: 'bundle', from: known.bundleCode, to: r.bundle!.code });
      if (stableJson(known.calculationParams) !== stableJson(r.params!))
        changes.push({
          field: 'income',
          from: String(known.calculationParams.income ?? '') || null,
          to: String(r.params!.income ?? '') || null,
        });
      if (!changes.length) {
        unchanged++;
        continue;
      }
      changed.push(view(r, changes));
      digest.push(
        `c:${known.lineId}:${known.version}:${r.bundle!.id}:${stableJson(r.params!)}:${r.dateFrom}`,
      );
      if (r.dateFrom > known.dateValidFrom) {
        write.closeLines.push({ lineId: known.lineId, before: known, dateValidTo: addDays(r.dateFrom, -1) });
        write.insertLines.push({ insuree: { id: known.insureeId }, ...line, dateValidTo: known.dateValidTo });
      } else
        write.updateLines.push({
          lineId: known.lineId,
          before: known,
          bundleId: r.bundle!.id,
          calculationParams: r.params!,
        });
      continue;
    }
    if (known?.dateValidTo && r.dateFrom <= known.dateValidTo) {
      errors.push({ row: r.line, column: header('dateFrom'), message: OVERLAP });
      continue;
    }
    const existing = known ? known.insureeId : registeredByNumber.get(r.number)?.id;
    if (existing) {
      write.insertLines.push({ insuree: { id: existing }, ...line, dateValidTo: null });
    } else {
      let family: NewPerson['family'] | undefined;
      if (isHead(r)) {
        family = { newKey: r.number };
        write.newFamilies.push(r.number);
      } else {
        const headRow = newRows.get(r.family);
        const headKnown = currentByNumber.get(r.family) ?? registeredByNumber.get(r.family);
        if (headRow && isHead(headRow)) family = { newKey: r.family };
        else if (headKnown && seen.has(r.family)) family = { id: headKnown.familyId };
        else if (currentByNumber.has(r.family)) family = { id: currentByNumber.get(r.family)!.familyId };
      }
      if (!family) {
        errors.push({ row: r.line, column: header('family'), message: FAMILY_HEAD });
        continue;
      }
      write.newPersons.push({
        key: r.number,
        insuranceNumber: r.number,
        firstName: r.firstName,
        lastName: r.lastName,
        gender: r.gender as 'M' | 'F' | 'O',
        dateOfBirth: r.dateOfBirth,
        family,
        isFamilyHead: isHead(r),
      });
      write.insertLines.push({ insuree: { newKey: r.number }, ...line, dateValidTo: null });
    }
    added.push(view(r));
    digest.push(`a:${r.number}:${existing ?? 'new'}:${r.bundle!.id}:${stableJson(r.params!)}:${r.dateFrom}`);
  }

  for (const c of ctx.current) {
    if (!active(c) || seen.has(c.insuranceNumber)) continue;
    leaving.push({
      row: null,
      insuranceNumber: c.insuranceNumber,
      firstName: c.firstName,
      lastName: c.lastName,
      bundle: c.bundleCode,
      income: String(c.calculationParams.income ?? '') || null,
      dateFrom: c.dateValidFrom,
    });
    digest.push(`l:${c.lineId}:${c.version}`);
    const end = addDays(ctx.leaveDate, -1);
    // A declaration that would only start after the leaving date never existed: it is removed.
    if (end < c.dateValidFrom) write.deleteLines.push({ lineId: c.lineId, before: c });
    else write.closeLines.push({ lineId: c.lineId, before: c, dateValidTo: end });
  }
  // Row by row, and within a row in the order of the file's columns.
  const order = new Map(Object.values(table.columns).map((c) => [c.header, c.index]));
  errors.sort((x, y) => x.row - y.row || (order.get(x.column) ?? 99) - (order.get(y.column) ?? 99));
  return {
    errors,
    added,
    changed,
    leaving,
    unchanged,
    digest: createHash('sha256')
      .update(`${ctx.leaveDate}\n${digest.sort().join('\n')}`)
      .digest('hex'),
    write,
  };
}
