import type Decimal from 'decimal.js';
import { z } from 'zod';
import { InvalidStateError, ValidationError } from '../errors';
import { err, type FieldLabel, label } from '../i18n/keyed';
import { money, roundCents } from '../money';
import { requiredText } from '../validation/common';
import {
  type CompiledFormula,
  compileFormula,
  FormulaEvaluationError,
  type Value,
  type ValueType,
} from './formula';
import { type CompiledTable, compileTable, isTableDecimal, type RateTable } from './rate-table';

/**
 * A configured premium rule version: the inputs it declares (from the insuree line or from the plan),
 * its rate tables, its formula, and its test cases. It computes the contribution of one insuree for
 * one full periodicity of the plan, unrounded, like the built-in rules (lib/calculation/rules.ts).
 *
 * Besides the declared inputs, every formula can use the context of the line:
 *   age         the insuree's age in completed years at the contract's period start (the birthday
 *               itself counts: born 1986-03-01, age 40 on 2026-03-01; born 29 February, the birthday
 *               is 1 March in common years)
 *   ageAtBirthday the age the insuree reaches at its first birthday on or after the period start (the
 *               age at the start when the start is the birthday itself): for rules priced on the age
 *               "at the birthday" within the period
 *   gender      "M", "F" or "O"
 *   familySize  the insuree and the members of its family
 *   dependants  familySize − 1
 *   periodMonths the plan's periodicity in months
 */
export const CONTEXT_NAMES: Readonly<Record<string, ValueType>> = {
  age: 'number',
  ageAtBirthday: 'number',
  gender: 'text',
  familySize: 'number',
  dependants: 'number',
  periodMonths: 'number',
};
const RESERVED = new Set([
  ...Object.keys(CONTEXT_NAMES),
  'min',
  'max',
  'round',
  'floor',
  'ceil',
  'abs',
  'and',
  'or',
  'not',
  'true',
  'false',
  'rule',
  'includeFamily',
]);

const identifier = (field: FieldLabel) =>
  z
    .string({ error: err('required', { label: label(field) }) })
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, err('identifier', { label: label(field) }));

export const INPUT_KINDS = ['decimal', 'integer', 'text', 'boolean'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

const inputSchema = z.strictObject({
  name: identifier('inputName').refine((n) => !RESERVED.has(n), err('calculation.inputNameReserved')),
  label: requiredText(80, 'label'),
  kind: z.enum(INPUT_KINDS, err('calculation.kindDecimalIntegerText')),
  source: z.enum(['insuree', 'plan'], err('calculation.sourceInsureePlan')),
  required: z.boolean().default(true),
});
export type RuleInput = z.infer<typeof inputSchema>;

const tableSchema = z.strictObject({
  name: identifier('tableName'),
  dimensions: z
    .array(z.strictObject({ name: identifier('dimensionName'), kind: z.enum(['band', 'category']) }))
    .min(1, err('calculation.rateTableNeedsOne'))
    .max(2, err('calculation.rateTableNeedsOne')),
  cells: z
    .array(
      z.strictObject({
        keys: z.array(z.string().trim().min(1, err('calculation.tableKeyEmpty')).max(64)).max(2),
        value: z.string().trim(),
      }),
    )
    .min(1, err('calculation.rateTableNeedsLeast'))
    .max(5000, err('calculation.rateTableMost5000')),
});

const caseValue = z.union([z.string().trim().max(64), z.boolean(), z.number()]);
const testCaseSchema = z.strictObject({
  name: requiredText(120, 'testCaseName'),
  inputs: z.record(z.string(), caseValue),
  expected: z.string().trim().refine(isTableDecimal, err('calculation.expectedAmountDecimal')),
});
export type RuleTestCase = z.infer<typeof testCaseSchema>;

export const ruleDefinitionSchema = z.strictObject({
  inputs: z.array(inputSchema).max(30, err('calculation.ruleDeclaresMost30')).default([]),
  tables: z.array(tableSchema).max(20, err('calculation.ruleMost20Rate')).default([]),
  formula: requiredText(2000, 'formula'),
  testCases: z.array(testCaseSchema).max(100, err('calculation.ruleMost100Test')).default([]),
});
export type RuleDefinition = z.infer<typeof ruleDefinitionSchema>;

export type CompiledRule = {
  definition: RuleDefinition;
  formula: CompiledFormula;
  tables: Map<string, CompiledTable>;
};

const typeOf = (kind: InputKind): ValueType =>
  kind === 'text' ? 'text' : kind === 'boolean' ? 'boolean' : 'number';

/** Checks a definition whole (names, tables, formula) and compiles it; errors say where. */
export function compileRule(definition: RuleDefinition): CompiledRule {
  const seen = new Set<string>();
  for (const i of definition.inputs) {
    if (seen.has(i.name)) {
      const msg = err('premiumRules.inputDeclaredTwice', { name: i.name });
      throw new ValidationError(msg, { inputs: [msg] });
    }
    seen.add(i.name);
  }
  const tables = new Map<string, CompiledTable>();
  for (const t of definition.tables) {
    if (tables.has(t.name)) {
      const msg = err('premiumRules.tableDefinedTwice', { name: t.name });
      throw new ValidationError(msg, { tables: [msg] });
    }
    tables.set(t.name, compileTable(t as RateTable));
  }
  const names: Record<string, ValueType> = { ...CONTEXT_NAMES };
  for (const i of definition.inputs) names[i.name] = typeOf(i.kind);
  const formula = compileFormula(definition.formula, {
    names,
    tables: Object.fromEntries([...tables].map(([k, t]) => [k, t.keyTypes])),
  });
  return { definition, formula, tables };
}

/** One input value from text, number or boolean, as its kind wants it; null when absent. */
function coerce(input: Pick<RuleInput, 'name' | 'kind'>, raw: unknown): Value | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const bad = () => {
    throw new FormulaEvaluationError(err('premiumRules.inputKind', { name: input.name, kind: input.kind }));
  };
  switch (input.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return bad();
    case 'text':
      return String(raw);
    default: {
      const s = String(raw).trim();
      if (!isTableDecimal(s)) return bad();
      const d = money(s);
      if (input.kind === 'integer' && !d.isInteger()) return bad();
      return d;
    }
  }
}

const CONTEXT_KINDS: Record<string, InputKind> = {
  age: 'integer',
  ageAtBirthday: 'integer',
  gender: 'text',
  familySize: 'integer',
  dependants: 'integer',
  periodMonths: 'integer',
};

/**
 * The values a formula sees, from flat raw values (a test case, the preview, or the valuation's
 * context + plan parameters + insuree parameters). A required input without a value is refused; an
 * optional one is 0, false or "".
 */
export function ruleValues(
  rule: CompiledRule,
  raw: Readonly<Record<string, unknown>>,
): Record<string, Value> {
  const values: Record<string, Value> = {};
  for (const [name, kind] of Object.entries(CONTEXT_KINDS)) {
    const v = coerce({ name, kind }, Object.hasOwn(raw, name) ? raw[name] : undefined);
    if (v !== null) values[name] = v;
  }
  if (values.familySize !== undefined && values.dependants === undefined)
    values.dependants = (values.familySize as Decimal).minus(1);
  for (const input of rule.definition.inputs) {
    const v = coerce(input, Object.hasOwn(raw, input.name) ? raw[input.name] : undefined);
    if (v === null) {
      if (input.required) throw new FormulaEvaluationError(err('formula.inputNoValue', { name: input.name }));
      values[input.name] = input.kind === 'boolean' ? false : input.kind === 'text' ? '' : money(0);
    } else values[input.name] = v;
  }
  return values;
}

export function evaluateRule(
  rule: CompiledRule,
  raw: Readonly<Record<string, unknown>>,
  trace?: string[],
): Decimal {
  const values = ruleValues(rule, raw);
  return rule.formula.evaluate({
    values,
    trace,
    lookup: (name, keys) => rule.tables.get(name)!.lookup(keys),
  });
}

/** The preview: the amount and its explanation, line by line (inputs, table cells, steps). */
export function explainRule(rule: CompiledRule, raw: Readonly<Record<string, unknown>>) {
  const trace: string[] = [];
  const values = ruleValues(rule, raw);
  const inputs = Object.entries(values).map(
    ([k, v]) => `${k} = ${typeof v === 'object' ? v.toString() : String(v)}`,
  );
  const amount = rule.formula.evaluate({
    values,
    trace,
    lookup: (name, keys) => rule.tables.get(name)!.lookup(keys),
  });
  return {
    amount: amount.toString(),
    rounded: roundCents(amount).toFixed(2),
    lines: [...inputs, ...trace, `${rule.formula.source} = ${amount.toString()}`],
  };
}

export type TestCaseResult = {
  name: string;
  expected: string;
  actual: string | null;
  passed: boolean;
  /** Keyed (lib/i18n/keyed), stored with the version: rendered in the reader's language. */
  error?: string;
};

/** Runs the rule's test cases: the amount rounded half-even to cents must equal the expected one. */
export function runTestCases(rule: CompiledRule): TestCaseResult[] {
  return rule.definition.testCases.map((tc) => {
    const expected = money(tc.expected).toFixed(2);
    try {
      const actual = roundCents(evaluateRule(rule, tc.inputs)).toFixed(2);
      return { name: tc.name, expected, actual, passed: actual === expected };
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return { name: tc.name, expected, actual: null, passed: false, error: e.keyedMessage };
    }
  });
}

/** The age reached at the first birthday on or after `on` (on the birthday itself: that day's age). */
export function ageAtBirthdayFrom(dateOfBirth: string, on: string): number {
  const age = ageOn(dateOfBirth, on);
  return dateOfBirth.slice(5) === on.slice(5) ||
    (dateOfBirth.slice(5) === '02-29' &&
      on.slice(5) === '03-01' &&
      ageOn(dateOfBirth, on) !== ageOn(dateOfBirth, `${on.slice(0, 4)}-02-28`))
    ? age
    : age + 1;
}

/** Completed years on `on` (YYYY-MM-DD); the birthday itself counts. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Refused when a contract is valued (approval, the card's figures) on a day no version covers. */
export function noVersionError(code: string, day: string): InvalidStateError {
  return new InvalidStateError(err('premiumRules.noVersionOn', { code, day }));
}
