import type Decimal from 'decimal.js';
import { ValidationError } from '../errors';
import { err, type KeyedMessage } from '../i18n/keyed';
import { money } from '../money';
import type { Value, ValueType } from './formula';
import { FormulaEvaluationError } from './formula';
import { parseCsv, toCsv } from './rate-table-csv';

/**
 * A rate table of one or two dimensions. A `band` dimension is keyed by the lower bound of each band
 * (a band runs from its bound up to, not including, the next one: with bounds 18 and 40, age 39 is in
 * the 18 band and 40 in the 40 band); a `category` dimension by exact values ("M", "F", "3"...). Each
 * cell holds a decimal (a rate or an amount: the formula says which).
 */
export type Dimension = { name: string; kind: 'band' | 'category' };
export type RateTable = {
  name: string;
  dimensions: Dimension[];
  cells: { keys: string[]; value: string }[];
};

export type CompiledTable = {
  name: string;
  keyTypes: ValueType[];
  lookup: (keys: Value[]) => { value: Decimal; explain: string };
};

type Level =
  | { kind: 'band'; bounds: { bound: Decimal; label: string; next: Level | Decimal }[] }
  | {
      kind: 'category';
      map: Map<string, Level | Decimal>;
    };

const DECIMAL_RE = /^-?\d{1,12}(\.\d{1,10})?$/;
export const isTableDecimal = (v: string) => DECIMAL_RE.test(v);

/** Canonical text of a category key: numbers compare by value ("3.0" is "3"). */
function categoryKey(v: Value | string): string {
  if (typeof v === 'object') return v.toString();
  if (typeof v === 'string' && DECIMAL_RE.test(v)) return money(v).toString();
  return String(v);
}

function tableError(table: string, problem: KeyedMessage): never {
  const msg = err('rateTable.error', { table, problem });
  throw new ValidationError(msg, { tables: [msg] });
}

/** Checks a table (shape, keys, duplicates) and builds its lookup structure. */
export function compileTable(table: RateTable): CompiledTable {
  const { name, dimensions } = table;
  if (dimensions.length < 1 || dimensions.length > 2) tableError(name, err('rateTable.dimensions'));
  if (!table.cells.length) tableError(name, err('rateTable.noCells'));
  const build = (depth: number): Level =>
    dimensions[depth]!.kind === 'band' ? { kind: 'band', bounds: [] } : { kind: 'category', map: new Map() };
  const root = build(0);
  table.cells.forEach((cell, row) => {
    const line = row + 1;
    if (cell.keys.length !== dimensions.length)
      tableError(name, err('rateTable.rowKeys', { row: line, count: dimensions.length }));
    if (!isTableDecimal(cell.value))
      tableError(name, err('rateTable.notDecimal', { row: line, value: cell.value }));
    let level = root;
    dimensions.forEach((dim, i) => {
      const key = cell.keys[i]!.trim();
      const last = i === dimensions.length - 1;
      const leaf = last ? money(cell.value) : build(i + 1);
      if (level.kind === 'band') {
        if (!isTableDecimal(key))
          tableError(name, err('rateTable.bandNotNumber', { row: line, dimension: dim.name, key }));
        const bound = money(key);
        const found = level.bounds.find((b) => b.bound.eq(bound));
        if (found) {
          if (last) tableError(name, err('rateTable.repeatsRow', { row: line }));
          level = found.next as Level;
        } else {
          level.bounds.push({ bound, label: key, next: leaf });
          if (!last) level = leaf as Level;
        }
      } else {
        const k = categoryKey(key);
        const found = level.map.get(k);
        if (found) {
          if (last) tableError(name, err('rateTable.repeatsRow', { row: line }));
          level = found as Level;
        } else {
          level.map.set(k, leaf);
          if (!last) level = leaf as Level;
        }
      }
    });
  });
  const sortAll = (level: Level) => {
    if (level.kind === 'band') {
      level.bounds.sort((a, b) => a.bound.comparedTo(b.bound));
      for (const b of level.bounds) if (!('toFixed' in b.next)) sortAll(b.next);
    } else for (const v of level.map.values()) if (!('toFixed' in v)) sortAll(v);
  };
  sortAll(root);

  return {
    name,
    keyTypes: dimensions.map((d) => (d.kind === 'band' ? 'number' : 'text')),
    lookup: (keys) => {
      let node: Level | Decimal = root;
      const parts: string[] = [];
      dimensions.forEach((dim, i) => {
        const level = node as Level;
        const key = keys[i]!;
        if (level.kind === 'band') {
          const v = key as Decimal;
          // Greatest lower bound not above the value (bounds are few: a linear scan is fine).
          let idx = -1;
          for (let j = 0; j < level.bounds.length && level.bounds[j]!.bound.lte(v); j++) idx = j;
          if (idx < 0)
            throw new FormulaEvaluationError(
              err('rateTable.noBand', { table: name, dimension: dim.name, value: v.toString() }),
            );
          const b = level.bounds[idx]!;
          const upper = level.bounds[idx + 1];
          parts.push(
            `${dim.name} ${v.toString()} in band ${b.label}${upper ? ` to under ${upper.label}` : ' and over'}`,
          );
          node = b.next;
        } else {
          const k = categoryKey(key);
          const next = level.map.get(k);
          if (next === undefined)
            throw new FormulaEvaluationError(
              err('rateTable.noCategory', { table: name, dimension: dim.name, key: k }),
            );
          parts.push(`${dim.name} ${k}`);
          node = next;
        }
      });
      const value = node as unknown as Decimal;
      return { value, explain: `rate("${name}"): ${parts.join(', ')} → ${value.toString()}` };
    },
  };
}

/** CSV of a table: one column per dimension then `value`, one line per cell. */
export function tableToCsv(table: RateTable): string {
  return toCsv(
    [...table.dimensions.map((d) => d.name), 'value'],
    table.cells.map((c) => [...c.keys, c.value]),
  );
}

/**
 * Reads a table from CSV (comma or semicolon separated, as spreadsheets export it): the header names
 * the dimensions and ends with `value`; decimal commas ("1,25" in a semicolon file) are accepted.
 */
export function tableFromCsv(name: string, csv: string, kinds: Dimension['kind'][]): RateTable {
  const { header, rows } = parseCsv(csv);
  if (!rows.length) tableError(name, err('rateTable.csvEmpty'));
  if (rows.length > 5000) tableError(name, err('rateTable.csvTooManyRows', { max: 5000 }));
  if (header.length !== kinds.length + 1 || header.at(-1)?.toLowerCase() !== 'value')
    tableError(name, err('rateTable.csvHeader', { count: kinds.length }));
  const dims = header.slice(0, -1).map((h, i) => ({ name: h, kind: kinds[i]! }));
  const cells = rows.map((cols) => ({ keys: cols.slice(0, -1), value: cols.at(-1) ?? '' }));
  const table = { name, dimensions: dims, cells };
  compileTable(table);
  return table;
}
