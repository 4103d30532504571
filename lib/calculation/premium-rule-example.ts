import { type RuleDefinition, ruleDefinitionSchema } from './premium-rule';

const define = (d: Partial<RuleDefinition> & { formula: string }): RuleDefinition =>
  ruleDefinitionSchema.parse(d);

/** The README's example: a rate by age band and gender, a formula with an income ceiling. */
export const exampleRule = define({
  inputs: [{ name: 'income', label: 'Income', kind: 'decimal', source: 'insuree', required: true }],
  tables: [
    {
      name: 'ages',
      dimensions: [
        { name: 'age', kind: 'band' },
        { name: 'gender', kind: 'category' },
      ],
      cells: [
        { keys: ['18', 'M'], value: '1.20' },
        { keys: ['18', 'F'], value: '1.10' },
        { keys: ['40', 'M'], value: '1.80' },
        { keys: ['40', 'F'], value: '1.60' },
        { keys: ['60', 'M'], value: '2.90' },
        { keys: ['60', 'F'], value: '2.50' },
      ],
    },
  ],
  formula: 'min(income, 3000) * rate("ages", age, gender) / 100 + 2.50 * dependants',
  testCases: [
    {
      name: 'young man, low income',
      inputs: { age: 25, gender: 'M', familySize: 1, income: '2000' },
      expected: '24.00',
    },
    {
      name: 'woman of 40 above the ceiling, 2 dependants',
      inputs: { age: 40, gender: 'F', familySize: 3, income: '4500' },
      expected: '53.00',
    },
  ],
});
