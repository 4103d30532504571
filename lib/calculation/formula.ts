import type Decimal from 'decimal.js';
import { create, type MathNode, parseDependencies } from 'mathjs';
import { ValidationError } from '../errors';
import { err, type KeyedMessage } from '../i18n/keyed';
import { Money, money } from '../money';

/**
 * Premium formulas: parsed once (at save) by mathjs's expression parser, then checked against a short
 * whitelist (numbers, named inputs, + - * /, comparisons, and/or/not, `c ? a : b`, min max round floor
 * ceil abs and rate(table, keys…)) and compiled into a tree of closures over decimal.js. Nothing is ever
 * handed to `eval`/`Function`, and mathjs's own evaluator (with its assignments, imports and matrices)
 * is never used: only its parser. Size is bounded (characters, terms, depth) and so is evaluation, which
 * has no loops: one pass over the tree per premium.
 */
const math = create({ parseDependencies: parseDependencies! }, { number: 'BigNumber', precision: 64 });

export const MAX_FORMULA_LENGTH = 2000;
export const MAX_FORMULA_TERMS = 300;
const MAX_DEPTH = 40;
const MAX_CONSTANT = money('1e12');

export type ValueType = 'number' | 'boolean' | 'text';
export type Value = Decimal | boolean | string;

/** What a formula may name: its inputs (with their type) and its rate tables (with their key types). */
export type FormulaScope = {
  names: Readonly<Record<string, ValueType>>;
  tables: Readonly<Record<string, readonly ValueType[]>>;
};

export type Lookup = (table: string, keys: Value[]) => { value: Decimal; explain: string };

export type EvalEnv = {
  values: Readonly<Record<string, Value>>;
  lookup: Lookup;
  /** When given, every table lookup and min/max/round step appends its line of explanation. */
  trace?: string[];
};

export type CompiledFormula = { source: string; evaluate: (env: EvalEnv) => Decimal };

/** A refused formula: the message names what is wrong and where (1-based character position). */
export class FormulaError extends ValidationError {
  constructor(
    message: KeyedMessage,
    readonly position?: number,
  ) {
    super(message, { formula: [message] });
  }
}

/** Thrown while evaluating (division by zero, no table row, a missing input). */
export class FormulaEvaluationError extends ValidationError {}

const FUNCTIONS = new Set(['min', 'max', 'round', 'floor', 'ceil', 'abs', 'rate']);
const ARITHMETIC: Record<string, (a: Decimal, b: Decimal) => Decimal> = {
  add: (a, b) => a.plus(b),
  subtract: (a, b) => a.minus(b),
  multiply: (a, b) => a.times(b),
  divide: (a, b) => {
    if (b.isZero()) throw new FormulaEvaluationError(err('formula.divisionByZero'));
    return a.dividedBy(b);
  },
};
const ORDER: Record<string, (c: number) => boolean> = {
  smaller: (c) => c < 0,
  smallerEq: (c) => c <= 0,
  larger: (c) => c > 0,
  largerEq: (c) => c >= 0,
};

type Node = { type: string; evaluate: (env: EvalEnv) => Value; valueType: ValueType };

/** Source with string literals blanked, so a name is searched for only where code is. */
function codeOnly(source: string): string {
  return source.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (s) => ' '.repeat(s.length));
}

/** Where a node's name (or operator) first appears: mathjs nodes carry no position, the source does. */
function positionOf(source: string, node: MathNode): number | undefined {
  const n = node as MathNode & { name?: string; op?: string; fn?: { name?: string }; value?: unknown };
  const code = codeOnly(source);
  const word = n.type === 'FunctionNode' ? n.fn?.name : n.type === 'SymbolNode' ? n.name : undefined;
  if (word) {
    const m = new RegExp(`(?<![A-Za-z0-9_.])${word.replace(/[$]/g, '\\$')}(?![A-Za-z0-9_])`).exec(code);
    if (m) return m.index + 1;
  }
  if (n.type === 'ConstantNode' && typeof n.value === 'string') {
    const i = source.indexOf(`"${n.value}"`);
    if (i >= 0) return i + 1;
  }
  if (n.type === 'ConditionalNode') {
    const i = code.indexOf('?');
    if (i >= 0) return i + 1;
  }
  if (n.op) {
    const i = code.indexOf(n.op);
    if (i >= 0) return i + 1;
  }
  for (const child of childrenOf(node)) {
    const p = positionOf(source, child);
    if (p) return p;
  }
  return undefined;
}

function childrenOf(node: MathNode): MathNode[] {
  const out: MathNode[] = [];
  node.forEach((child) => {
    out.push(child);
  });
  return out;
}

/** "at position 12", rendered in the reader's language (a position, as text: no "1,234"); nothing when unknown. */
const at = (p: number | undefined) => (p ? err('formula.atPosition', { position: String(p) }) : '');

/** Parses, checks and compiles a formula; refuses anything outside the whitelist with its position. */
export function compileFormula(source: string, scope: FormulaScope): CompiledFormula {
  const text = source.trim();
  if (!text) throw new FormulaError(err('formula.empty'));
  if (text.length > MAX_FORMULA_LENGTH)
    throw new FormulaError(err('formula.tooLong', { max: MAX_FORMULA_LENGTH }));
  let root: MathNode;
  try {
    root = math.parse(text);
  } catch (e) {
    const parseError = e as Error & { char?: number };
    // mathjs explains in English ("Value expected"): kept as it is, inside a message of ours.
    const detail = parseError.message.replace(/\s*\(char \d+\)\s*$/, '');
    throw new FormulaError(err('formula.syntax', { at: at(parseError.char), detail }), parseError.char);
  }
  let terms = 0;
  root.traverse(() => {
    terms++;
  });
  if (terms > MAX_FORMULA_TERMS)
    throw new FormulaError(err('formula.tooComplex', { max: MAX_FORMULA_TERMS }));

  // The message is made once the position is known: `at` is its "at position n" part.
  const fail = (message: (at: string) => KeyedMessage, node: MathNode): never => {
    const p = positionOf(text, node);
    throw new FormulaError(message(at(p)), p);
  };
  const expect = (node: Node, type: ValueType, raw: MathNode) => {
    if (node.valueType !== type)
      fail((at) => err('formula.expected', { expected: type, found: node.valueType, at }), raw);
  };

  const build = (raw: MathNode, depth: number): Node => {
    if (depth > MAX_DEPTH) fail((at) => err('formula.nestedTooDeeply', { at }), raw);
    const n = raw as MathNode & Record<string, unknown>;
    switch (raw.type) {
      case 'ParenthesisNode':
        return build(n.content as MathNode, depth + 1);
      case 'ConstantNode': {
        const v = n.value;
        if (typeof v === 'string') return { type: 'text', valueType: 'text', evaluate: () => v };
        if (typeof v === 'boolean') return { type: 'bool', valueType: 'boolean', evaluate: () => v };
        if (v && typeof v === 'object' && 'isBigNumber' in v) {
          const d = money(String(v));
          if (d.abs().gte(MAX_CONSTANT)) fail((at) => err('formula.numberTooLarge', { at }), raw);
          return { type: 'number', valueType: 'number', evaluate: () => d };
        }
        return fail((at) => err('formula.valueNotAllowed', { at }), raw);
      }
      case 'SymbolNode': {
        const name = n.name as string;
        if (!Object.hasOwn(scope.names, name)) {
          if (FUNCTIONS.has(name)) fail((at) => err('formula.isFunction', { name, at }), raw);
          fail((at) => err('formula.unknownName', { name, at }), raw);
        }
        return {
          type: 'symbol',
          valueType: scope.names[name]!,
          evaluate: (env) => {
            if (!Object.hasOwn(env.values, name))
              throw new FormulaEvaluationError(err('formula.inputNoValue', { name }));
            return env.values[name]!;
          },
        };
      }
      case 'OperatorNode':
        return buildOperator(raw, depth);
      case 'ConditionalNode': {
        const cond = build(n.condition as MathNode, depth + 1);
        expect(cond, 'boolean', n.condition as MathNode);
        const yes = build(n.trueExpr as MathNode, depth + 1);
        const no = build(n.falseExpr as MathNode, depth + 1);
        if (yes.valueType !== no.valueType) fail((at) => err('formula.branchesDiffer', { at }), raw);
        return {
          type: 'if',
          valueType: yes.valueType,
          evaluate: (env) => (cond.evaluate(env) === true ? yes.evaluate(env) : no.evaluate(env)),
        };
      }
      case 'FunctionNode':
        return buildFunction(raw, depth);
      default:
        return fail(
          (at) => err('formula.constructNotAllowed', { construct: raw.type.replace(/Node$/, ''), at }),
          raw,
        );
    }
  };

  const buildOperator = (raw: MathNode, depth: number): Node => {
    const n = raw as MathNode & { fn: string; op: string; args: MathNode[]; implicit?: boolean };
    if (n.implicit) fail((at) => err('formula.implicitMultiplication', { at }), raw);
    const args = n.args.map((a) => build(a, depth + 1));
    const [a, b] = args as [Node, Node];
    if (args.length === 1) {
      if (n.fn === 'unaryMinus' || n.fn === 'unaryPlus') {
        expect(a, 'number', n.args[0]!);
        const neg = n.fn === 'unaryMinus';
        return {
          type: 'op',
          valueType: 'number',
          evaluate: (env) => (neg ? (a.evaluate(env) as Decimal).negated() : a.evaluate(env)),
        };
      }
      if (n.fn === 'not') {
        expect(a, 'boolean', n.args[0]!);
        return { type: 'op', valueType: 'boolean', evaluate: (env) => a.evaluate(env) !== true };
      }
    } else if (args.length === 2) {
      const arithmetic = ARITHMETIC[n.fn];
      if (arithmetic) {
        expect(a, 'number', n.args[0]!);
        expect(b, 'number', n.args[1]!);
        return {
          type: 'op',
          valueType: 'number',
          evaluate: (env) => arithmetic(a.evaluate(env) as Decimal, b.evaluate(env) as Decimal),
        };
      }
      const order = ORDER[n.fn];
      if (order) {
        expect(a, 'number', n.args[0]!);
        expect(b, 'number', n.args[1]!);
        return {
          type: 'op',
          valueType: 'boolean',
          evaluate: (env) => order((a.evaluate(env) as Decimal).comparedTo(b.evaluate(env) as Decimal)),
        };
      }
      if (n.fn === 'equal' || n.fn === 'unequal') {
        if (a.valueType !== b.valueType)
          fail((at) => err('formula.cannotCompare', { a: a.valueType, b: b.valueType, at }), raw);
        const same = (x: Value, y: Value) => (typeof x === 'object' ? x.eq(y as Decimal) : x === y);
        const want = n.fn === 'equal';
        return {
          type: 'op',
          valueType: 'boolean',
          evaluate: (env) => same(a.evaluate(env), b.evaluate(env)) === want,
        };
      }
      if (n.fn === 'and' || n.fn === 'or') {
        expect(a, 'boolean', n.args[0]!);
        expect(b, 'boolean', n.args[1]!);
        const isAnd = n.fn === 'and';
        return {
          type: 'op',
          valueType: 'boolean',
          evaluate: (env) =>
            isAnd
              ? a.evaluate(env) === true && b.evaluate(env) === true
              : a.evaluate(env) === true || b.evaluate(env) === true,
        };
      }
    }
    return fail((at) => err('formula.operatorNotAllowed', { op: n.op, at }), raw);
  };

  const buildFunction = (raw: MathNode, depth: number): Node => {
    const n = raw as MathNode & { fn: MathNode & { name?: string }; args: MathNode[] };
    const name = n.fn.type === 'SymbolNode' ? n.fn.name : undefined;
    if (!name || !FUNCTIONS.has(name))
      fail((at) => err('formula.unknownFunction', { name: name ?? '?', at }), raw);
    const count = (min: number, max: number) => {
      if (n.args.length < min || n.args.length > max)
        fail(
          (at) =>
            min === max
              ? err('formula.argumentCount', { name: name!, count: min, at })
              : err('formula.argumentRange', { name: name!, min, max, at }),
          raw,
        );
    };
    if (name === 'rate') {
      const first = n.args[0] as (MathNode & { value?: unknown }) | undefined;
      if (first?.type !== 'ConstantNode' || typeof first.value !== 'string')
        fail((at) => err('formula.rateFirstArgument', { at }), raw);
      const table = first!.value as string;
      if (!Object.hasOwn(scope.tables, table))
        fail((at) => err('formula.unknownRateTable', { table, at }), raw);
      const keyTypes = scope.tables[table]!;
      if (n.args.length - 1 !== keyTypes.length)
        fail((at) => err('formula.rateKeyCount', { table, count: keyTypes.length, at }), raw);
      const keys = n.args.slice(1).map((a, i) => {
        const k = build(a, depth + 1);
        if (keyTypes[i] === 'number') expect(k, 'number', a);
        else if (k.valueType === 'boolean') expect(k, 'text', a);
        return k;
      });
      return {
        type: 'rate',
        valueType: 'number',
        evaluate: (env) => {
          const { value, explain } = env.lookup(
            table,
            keys.map((k) => k.evaluate(env)),
          );
          env.trace?.push(explain);
          return value;
        },
      };
    }
    const args = n.args.map((a, i) => {
      const node = build(a, depth + 1);
      expect(node, 'number', n.args[i]!);
      return node;
    });
    const values = (env: EvalEnv) => args.map((a) => a.evaluate(env) as Decimal);
    const traced = (env: EvalEnv, inputs: Decimal[], result: Decimal) => {
      env.trace?.push(`${name}(${inputs.map((v) => v.toString()).join(', ')}) = ${result.toString()}`);
      return result;
    };
    switch (name) {
      case 'min':
      case 'max': {
        if (args.length < 2) fail((at) => err('formula.argumentsAtLeast', { name, min: 2, at }), raw);
        const pick = name === 'min' ? Money.min : Money.max;
        return {
          type: 'fn',
          valueType: 'number',
          evaluate: (env) => {
            const v = values(env);
            return traced(env, v, pick.apply(Money, v));
          },
        };
      }
      case 'round': {
        count(1, 2);
        return {
          type: 'fn',
          valueType: 'number',
          evaluate: (env) => {
            const v = values(env);
            const places = v[1] ?? money(0);
            if (!places.isInteger() || places.lt(0) || places.gt(10))
              throw new FormulaEvaluationError(err('formula.roundDecimals'));
            return traced(env, v, v[0]!.toDecimalPlaces(places.toNumber(), Money.ROUND_HALF_EVEN));
          },
        };
      }
      default: {
        count(1, 1);
        const op =
          name === 'floor'
            ? (d: Decimal) => d.floor()
            : name === 'ceil'
              ? (d: Decimal) => d.ceil()
              : (d: Decimal) => d.abs();
        return { type: 'fn', valueType: 'number', evaluate: (env) => op(values(env)[0]!) };
      }
    }
  };

  const top = build(root, 0);
  if (top.valueType !== 'number')
    throw new FormulaError(err('formula.mustGiveNumber', { found: top.valueType }));
  return { source: text, evaluate: (env) => top.evaluate(env) as Decimal };
}
