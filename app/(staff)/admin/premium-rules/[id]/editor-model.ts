import type { RuleDefinition } from '@/lib/calculation/premium-rule';
import { parseCsv, toCsv } from '@/lib/calculation/rate-table-csv';

/**
 * What the rule editor edits: the definition with its rate tables as CSV text and its test cases'
 * inputs as "name=value; …" lines, converted to and from the definition the services take.
 */
export type EditorInput = RuleDefinition['inputs'][number];
export type EditorTable = { name: string; kinds: string; csv: string };
export type EditorCase = { name: string; inputs: string; expected: string };
export type EditorState = {
  validFrom: string;
  inputs: EditorInput[];
  tables: EditorTable[];
  formula: string;
  cases: EditorCase[];
};

const pairText = (v: Record<string, unknown>) =>
  Object.entries(v)
    .map(([k, x]) => `${k}=${String(x)}`)
    .join('; ');

/** "age=40; gender=F; flag=true" → { age: "40", gender: "F", flag: true } */
export function parsePairs(text: string): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const part of text.split(/[;\n]/)) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    out[k] = v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

export function fromDefinition(validFrom: string, d: RuleDefinition): EditorState {
  return {
    validFrom,
    inputs: d.inputs,
    tables: d.tables.map((t) => ({
      name: t.name,
      kinds: t.dimensions.map((x) => x.kind).join(', '),
      csv: toCsv(
        [...t.dimensions.map((x) => x.name), 'value'],
        t.cells.map((c) => [...c.keys, c.value]),
      ),
    })),
    formula: d.formula,
    cases: d.testCases.map((c) => ({ name: c.name, inputs: pairText(c.inputs), expected: c.expected })),
  };
}

export function toDefinition(s: EditorState): RuleDefinition {
  return {
    inputs: s.inputs,
    tables: s.tables.map((t) => {
      const { header, rows } = parseCsv(t.csv);
      const kinds = t.kinds.split(/[,;\s]+/).filter(Boolean);
      return {
        name: t.name.trim(),
        dimensions: header.slice(0, -1).map((name, i) => ({
          name,
          kind: kinds[i] === 'category' ? ('category' as const) : ('band' as const),
        })),
        cells: rows.map((r) => ({ keys: r.slice(0, -1), value: r.at(-1) ?? '' })),
      };
    }),
    formula: s.formula,
    testCases: s.cases.map((c) => ({
      name: c.name,
      inputs: parsePairs(c.inputs),
      expected: c.expected.trim(),
    })),
  };
}

export const EMPTY_STATE: EditorState = {
  validFrom: '',
  inputs: [{ name: 'income', label: 'Income', kind: 'decimal', source: 'insuree', required: true }],
  tables: [{ name: 'ages', kinds: 'band', csv: 'age,value\n18,1.20\n40,1.80\n60,2.90\n' }],
  formula: 'min(income, 3000) * rate("ages", age) / 100',
  cases: [{ name: 'age 39', inputs: 'age=39; familySize=1; income=2000', expected: '24.00' }],
};
