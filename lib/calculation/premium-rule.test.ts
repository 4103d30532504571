import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { inEnglish } from '../i18n/keyed';
import { money } from '../money';
import {
  ageAtBirthdayFrom,
  ageOn,
  compileRule,
  evaluateRule,
  explainRule,
  type RuleDefinition,
  ruleDefinitionSchema,
  runTestCases,
} from './premium-rule';
import { exampleRule } from './premium-rule-example';
import { tableFromCsv, tableToCsv } from './rate-table';
import { fixedAmount, percentOfIncome } from './rules';

const define = (d: Partial<RuleDefinition> & { formula: string }) => ruleDefinitionSchema.parse(d);

describe('premium rules', () => {
  it('computes the worked example and passes its test cases', () => {
    const rule = compileRule(exampleRule);
    expect(runTestCases(rule).every((r) => r.passed)).toBe(true);
    expect(evaluateRule(rule, { age: 61, gender: 'F', familySize: 1, income: '1000' }).toString()).toBe('25');
  });

  it('picks the band by its lower bound: 39 vs 40, the edge and the birthday itself', () => {
    const rule = compileRule(exampleRule);
    const at = (age: number) =>
      evaluateRule(rule, { age, gender: 'M', familySize: 1, income: '100' }).toString();
    expect(at(18)).toBe('1.2');
    expect(at(39)).toBe('1.2');
    expect(at(40)).toBe('1.8');
    expect(at(59)).toBe('1.8');
    expect(at(60)).toBe('2.9');
    expect(at(99)).toBe('2.9');
    expect(() => at(17)).toThrow('Rate table "ages" has no age band for 17.');
    // The age is taken at the period start; the birthday itself counts.
    expect(ageOn('1986-03-01', '2026-02-28')).toBe(39);
    expect(ageOn('1986-03-01', '2026-03-01')).toBe(40);
    expect(ageOn('1988-02-29', '2027-02-28')).toBe(38);
    expect(ageOn('1988-02-29', '2027-03-01')).toBe(39);
    expect(ageOn('1988-02-29', '2028-02-29')).toBe(40);
    // "At the birthday": the age reached at the first birthday on or after the period start.
    expect(ageAtBirthdayFrom('1986-03-01', '2026-01-01')).toBe(40);
    expect(ageAtBirthdayFrom('1986-03-01', '2026-03-01')).toBe(40);
    expect(ageAtBirthdayFrom('1986-03-01', '2026-03-02')).toBe(41);
    expect(ageAtBirthdayFrom('1988-02-29', '2027-01-01')).toBe(39);
    expect(ageAtBirthdayFrom('1988-02-29', '2027-03-01')).toBe(39);
    expect(ageAtBirthdayFrom('1988-02-29', '2028-02-29')).toBe(40);
  });

  it('property: band lookup equals a scan of the bounds, at and around every edge', () => {
    const rule = compileRule(exampleRule);
    fc.assert(
      fc.property(fc.integer({ min: 18, max: 120 }), fc.constantFrom('M', 'F'), (age, gender) => {
        const expected =
          age >= 60
            ? gender === 'M'
              ? '2.9'
              : '2.5'
            : age >= 40
              ? gender === 'M'
                ? '1.8'
                : '1.6'
              : gender === 'M'
                ? '1.2'
                : '1.1';
        const trace: string[] = [];
        const got = evaluateRule(rule, { age, gender, familySize: 1, income: '100' }, trace);
        expect(got.toString()).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a configured "percent of income" gives exactly the built-in figures', () => {
    const configured = compileRule(
      define({
        inputs: [
          { name: 'income', label: 'Income', kind: 'decimal', source: 'insuree', required: true },
          { name: 'rate', label: 'Rate (%)', kind: 'decimal', source: 'plan', required: true },
        ],
        formula: 'income * rate / 100',
      }),
    );
    const cents = (max: bigint) =>
      fc.bigInt({ min: 0n, max }).map((c) => money(c.toString()).dividedBy(100).toFixed(2));
    const rate = fc
      .bigInt({ min: 0n, max: 1_000_000n })
      .map((c) => money(c.toString()).dividedBy(10_000).toString());
    fc.assert(
      fc.property(cents(99_999_999_999n), rate, (income, r) => {
        const builtIn = percentOfIncome.amountPerPeriod({ rate: r }, { income }, 1);
        const mine = evaluateRule(configured, { income, rate: r, familySize: 1 });
        expect(mine.eq(builtIn)).toBe(true);
        expect(mine.toString()).toBe(builtIn.toString());
      }),
      { numRuns: 500 },
    );
  });

  it('property: a configured "fixed amount" with family gives exactly the built-in figures', () => {
    const configured = compileRule(
      define({
        inputs: [
          { name: 'amount', label: 'Amount', kind: 'decimal', source: 'plan', required: true },
          { name: 'family', label: 'Include family', kind: 'boolean', source: 'plan', required: false },
        ],
        formula: 'amount * (family ? familySize : 1)',
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 12 }),
        (c, family, size) => {
          const amount = money(c).dividedBy(100).toFixed(2);
          const builtIn = fixedAmount.amountPerPeriod({ amount, includeFamily: family }, {}, size);
          expect(evaluateRule(configured, { amount, family, familySize: size }).toString()).toBe(
            builtIn.toString(),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('explains a preview line by line', () => {
    const out = explainRule(compileRule(exampleRule), {
      age: 45,
      gender: 'F',
      familySize: 3,
      income: '4500',
    });
    expect(out.rounded).toBe('53.00');
    expect(out.lines).toContain('min(4500, 3000) = 3000');
    expect(out.lines).toContain('rate("ages"): age 45 in band 40 to under 60, gender F → 1.6');
    expect(out.lines).toContain('dependants = 2');
  });

  it('reports failing test cases with the amount found or the error', () => {
    const rule = compileRule({
      ...exampleRule,
      testCases: [
        { name: 'wrong', inputs: { age: 25, gender: 'M', familySize: 1, income: '2000' }, expected: '24.01' },
        { name: 'too young', inputs: { age: 10, gender: 'M', familySize: 1, income: '2000' }, expected: '1' },
        { name: 'no income', inputs: { age: 30, gender: 'M', familySize: 1 }, expected: '1' },
      ],
    });
    // Errors are stored keyed, rendered where they are read.
    const results = runTestCases(rule).map((r) => (r.error ? { ...r, error: inEnglish(r.error) } : r));
    expect(results).toEqual([
      { name: 'wrong', expected: '24.01', actual: '24.00', passed: false },
      {
        name: 'too young',
        expected: '1.00',
        actual: null,
        passed: false,
        error: 'Rate table "ages" has no age band for 10.',
      },
      {
        name: 'no income',
        expected: '1.00',
        actual: null,
        passed: false,
        error: 'The input "income" has no value.',
      },
    ]);
  });

  it('refuses bad definitions with what and where', () => {
    const refuse = (d: RuleDefinition) => {
      try {
        compileRule(d);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).message;
      }
      throw new Error('accepted');
    };
    const t = exampleRule.tables[0]!;
    expect(
      refuse({ ...exampleRule, tables: [{ ...t, cells: [...t.cells, { keys: ['40', 'M'], value: '2' }] }] }),
    ).toBe('Rate table "ages": row 7 repeats an earlier row.');
    expect(refuse({ ...exampleRule, tables: [{ ...t, cells: [{ keys: ['x', 'M'], value: '2' }] }] })).toBe(
      'Rate table "ages": row 1: the age band "x" is not a number.',
    );
    expect(refuse({ ...exampleRule, tables: [{ ...t, cells: [{ keys: ['18'], value: '2' }] }] })).toBe(
      'Rate table "ages": row 1 needs 2 keys and a value.',
    );
    expect(refuse({ ...exampleRule, formula: 'rate("ages", gender, age)' })).toBe(
      'Expected a number at position 14, found a text.',
    );
    expect(refuse({ ...exampleRule, formula: 'min(salary, 3000)' })).toBe(
      'Unknown name "salary" at position 5.',
    );
    const reserved = ruleDefinitionSchema.safeParse({
      ...exampleRule,
      inputs: [{ ...exampleRule.inputs[0], name: 'age' }],
    });
    expect(inEnglish(reserved.error?.issues[0]?.message ?? '')).toBe('This input name is reserved.');
  });

  it('reads and writes rate tables as CSV, semicolons and decimal commas included', () => {
    const t = exampleRule.tables[0]!;
    const csv = tableToCsv(t);
    expect(csv.split('\n')[0]).toBe('age,gender,value');
    expect(tableFromCsv('ages', csv, ['band', 'category'])).toEqual(t);
    const fr = tableFromCsv('ages', 'age;value\n18;1,25\n40;2\n', ['band']);
    expect(fr.cells).toEqual([
      { keys: ['18'], value: '1.25' },
      { keys: ['40'], value: '2' },
    ]);
    expect(() => tableFromCsv('ages', 'age,rate\n18,1\n', ['band'])).toThrow(
      'Rate table "ages": the CSV header must list 1 dimension then "value".',
    );
  });

  // Timing is scripts/bench-premium-rules.ts's job (a benchmark prints figures; a test does not time).
  it('values 5,000 insurees with a table and a formula in one pass', () => {
    const rule = compileRule(exampleRule);
    let total = money(0);
    for (let i = 0; i < 5000; i++)
      total = total.plus(
        evaluateRule(rule, {
          age: 18 + (i % 60),
          gender: i % 2 ? 'M' : 'F',
          familySize: 1 + (i % 4),
          income: String(1000 + i),
        }),
      );
    expect(total.gt(0)).toBe(true);
  });
});
