import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localizeError } from '../i18n/localize';
import { money } from '../money';
import { compileFormula, FormulaError, type FormulaScope, type Value } from './formula';
import { compileTable } from './rate-table';

const scope: FormulaScope = {
  names: { income: 'number', age: 'number', gender: 'text', dependants: 'number', flag: 'boolean' },
  tables: { ages: ['number'], grid: ['number', 'text'] },
};
const lookup = (table: string, keys: Value[]) => ({
  value: money(table === 'ages' ? '1.5' : '2'),
  explain: `${table}(${keys.join(',')})`,
});
const run = (src: string, values: Record<string, Value> = {}) =>
  compileFormula(src, scope).evaluate({ values, lookup }).toString();
const refusal = (src: string) => {
  try {
    compileFormula(src, scope);
  } catch (e) {
    expect(e).toBeInstanceOf(FormulaError);
    return { message: (e as FormulaError).message, position: (e as FormulaError).position };
  }
  throw new Error(`accepted: ${src}`);
};

describe('compileFormula', () => {
  it('evaluates the issue example in decimals', () => {
    const src = 'min(income, 3000) * rate("ages", age) / 100 + 2.50 * dependants';
    expect(run(src, { income: money('4000'), age: money(39), dependants: money(2) })).toBe('50');
    expect(run(src, { income: money('1234.56'), age: money(39), dependants: money(0) })).toBe('18.5184');
  });

  it('is exact where floats are not', () => {
    expect(run('0.1 + 0.2')).toBe('0.3');
    expect(run('0.1 + 0.2 == 0.3 ? 1 : 0')).toBe('1');
    expect(run('1.005 * 1000')).toBe('1005');
  });

  it('supports conditions, comparisons, booleans and text equality', () => {
    const v = { income: money(10), age: money(40), gender: 'F', dependants: money(0), flag: true };
    expect(run('gender == "F" and age >= 40 ? 2 : 1', v)).toBe('2');
    expect(run('not flag ? 1 : 3', v)).toBe('3');
    expect(run('rate("grid", age, gender) * 2', v)).toBe('4');
    expect(run('round(2.345, 2) + round(2.355, 2)', v)).toBe('4.7'); // half-even: 2.34 + 2.36
    expect(run('floor(2.7) + ceil(2.1) + abs(-1) + max(1, 5, 3)', v)).toBe('11');
    expect(run('-income + +2', v)).toBe('-8');
  });

  it('property: + - * on decimals of up to 2 places is exact', () => {
    const dec = fc
      .bigInt({ min: -99_999_999_999n, max: 99_999_999_999n })
      .map((c) => money(c.toString()).dividedBy(100));
    fc.assert(
      fc.property(dec, dec, (a, b) => {
        const values = { income: a, dependants: b };
        expect(run('income + dependants', values)).toBe(a.plus(b).toString());
        expect(run('income * dependants', values)).toBe(a.times(b).toString());
        expect(run('income + dependants - dependants', values)).toBe(a.toString());
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['', 'The formula is empty.', undefined],
    ['1 +', 'Syntax error at position 4: Unexpected end of expression.', 4],
    ['income * salary', 'Unknown name "salary" at position 10.', 10],
    ['sqrt(income)', 'Unknown function "sqrt" at position 1.', 1],
    ['rate("sexes", age)', 'Unknown rate table "sexes" at position 1.', 1],
    ['rate("ages", age, gender)', 'Rate table "ages" takes 1 key at position 1.', 1],
    ['rate(ages, age)', 'The first argument of rate() must be a table name in quotes at position 1.', 1],
    ['income + gender', 'Expected a number at position 10, found a text.', 10],
    ['flag ? 1 : "a"', 'Both branches of "? :" must give the same kind of value at position 6.', 6],
    ['income > 3', 'The formula must give a number, not a yes/no value.', undefined],
    ['gender == 3 ? 1 : 2', 'Cannot compare a text with a number at position 8.', 8],
    ['2 income', 'Write the multiplication explicitly with * at position 3.', 3],
    ['income ^ 2', 'The operator "^" is not allowed in a formula at position 8.', 8],
    ['x = 3', 'This construct (Assignment) is not allowed in a formula at position 1.', 1],
    ['f(x) = 2', 'This construct (FunctionAssignment) is not allowed in a formula.', undefined],
    ['[1, 2]', 'This construct (Array) is not allowed in a formula.', undefined],
    ['income.constructor', 'This construct (Accessor) is not allowed in a formula at position 1.', 1],
    ['1e13 * income', 'Numbers in a formula must be below 1e12.', undefined],
    ['min(income)', 'min() takes at least 2 arguments at position 1.', 1],
    ['round', 'round is a function: write round(…) at position 1.', 1],
  ])('refuses %j: %s', (src, message, position) => {
    const r = refusal(src);
    expect(r.message).toBe(message);
    expect(r.position).toBe(position);
  });

  it('bounds the size of what it accepts', () => {
    expect(refusal(`${'1+'.repeat(1000)}1`).message).toMatch(/too long/);
    expect(refusal(`${'1+'.repeat(400)}1`).message).toMatch(/too complex/);
    expect(refusal(`${'('.repeat(60)}1${')'.repeat(60)}`).message).toMatch(/nested too deeply/);
  });

  it('never reaches JavaScript: constructor tricks are unknown names', () => {
    expect(refusal('constructor').message).toBe('Unknown name "constructor" at position 1.');
    expect(refusal('__proto__ * 2').message).toBe('Unknown name "__proto__" at position 1.');
    expect(refusal('import("fs")').message).toMatch(/Unknown function "import"/);
    expect(refusal('evaluate("1")').message).toMatch(/Unknown function "evaluate"/);
  });

  it('refuses division by zero when evaluating', () => {
    expect(() => run('income / dependants', { income: money(1), dependants: money(0) })).toThrow(
      'Division by zero in the formula.',
    );
  });
});

describe('formula errors in French', () => {
  // Raised keyed (name, position, types as parameters) and rendered in the reader's language.
  const french = (src: string) => {
    try {
      compileFormula(src, scope).evaluate({ values: {}, lookup: () => rateTable.lookup([money(17)]) });
    } catch (e) {
      return localizeError(e as FormulaError, 'fr').error;
    }
    throw new Error(`accepted: ${src}`);
  };
  const rateTable = compileTable({
    name: 'ages',
    dimensions: [{ name: 'age', kind: 'band' }],
    cells: [{ keys: ['18'], value: '1' }],
  });
  it.each([
    ['income * 2 + 3 * 4 + 5 * 6 + 7 * 8 + 9 * salary', 'Nom inconnu « salary » (position 42).'],
    ['income * ("a" + 1)', 'Valeur attendue : un nombre (position 11), trouvé un texte.'],
    ['income > 3', 'La formule doit donner un nombre, pas une valeur oui/non.'],
    ['rate("ages", 17)', 'La table « ages » n’a pas de tranche de age pour 17.'],
    ['round(1, 2, 3)', 'round() prend de 1 à 2 arguments (position 1).'],
    ['rate("ages")', 'La table de taux « ages » prend 1 clé (position 1).'],
  ])('%s', (src, fr) => {
    expect(french(src)).toBe(fr);
  });

  it('keeps English in .message, with the position', () => {
    expect(refusal('income * ("a" + 1)').message).toBe('Expected a number at position 11, found a text.');
    expect(refusal('abs(1, 2)').message).toBe('abs() takes 1 argument at position 1.');
  });
});
