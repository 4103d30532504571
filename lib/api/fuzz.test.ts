import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeEmployer, makeScheme, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { loadActor } from '../auth/actor';
import { buildOpenApi } from './openapi';
import { dispatch } from './router';
import { API_ROUTES } from './routes';
import { createOwnApiToken } from './tokens';

/*
 * Fuzzing generated from the OpenAPI document: every operation gets wrong types, boundary values, NUL
 * bytes, unpaired surrogates, huge strings, deep nesting, unknown and prototype keys and malformed ids,
 * sent through the real dispatcher with an administrator's token. Whatever the input, the answer is
 * never a 5xx. `npm test` runs a bounded number per operation; `npm run fuzz -- --runs N` runs more
 * (PACTUM_FUZZ_RUNS, PACTUM_FUZZ_SEED).
 */
const RUNS = Number(process.env.PACTUM_FUZZ_RUNS ?? 8);
const SEED = process.env.PACTUM_FUZZ_SEED ? Number(process.env.PACTUM_FUZZ_SEED) : undefined;

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema and JSON values are untyped by nature
type Json = any;

let t: TestDb;
let token: string;
const ids: Record<string, string[]> = {};

const HUGE = 'x'.repeat(200_000);
const hostileStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\ud83d',
  '😀',
  '%',
  '%E0%A4%A',
  '\\',
  "'; drop table contracts; --",
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  'ä'.repeat(300),
  'a'.repeat(65),
  'a'.repeat(101),
  'a'.repeat(5001),
  HUGE,
);
const boundaryNumbers = fc.constantFrom(
  0,
  -1,
  1,
  0.5,
  -0.01,
  1.005,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  1e308,
  -1e308,
);
const dates = fc.constantFrom(
  '2026-01-01',
  '2026-12-31',
  '2030-06-30',
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '1900-01-01',
  '2999-12-31',
  '3000-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-13-01',
  '2026-1-1',
  '20260101',
);
const decimals = fc.constantFrom(
  '0',
  '0.01',
  '5',
  '100',
  '100.0001',
  '1000.00',
  '999999999.99',
  '1000000000',
  '9999999999999999.99',
  '99999999999999999999',
  '-1',
  '1e5',
  '0x10',
  ' 12 ',
  1000,
  1e21,
);
const malformedIds = fc.constantFrom(
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '00000000-0000-4000-8000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '',
  '%00',
  '%E0%A4%A',
  '..',
  "1' or '1'='1",
);

/** Nested arrays or objects deeper than any schema expects. */
const deep = fc.tuple(fc.integer({ min: 20, max: 3000 }), fc.boolean()).map(([depth, arrays]) => {
  let v: Json = 'bottom';
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
});

const hostile: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: hostileStrings },
  { weight: 2, arbitrary: boundaryNumbers },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '': null }) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 20_000 }, () => 'a')) },
  { weight: 1, arbitrary: fc.dictionary(hostileStrings, hostileStrings, { maxKeys: 4 }) },
  { weight: 1, arbitrary: malformedIds },
);

function idPool(name: string, path: string): string[] {
  const n = name.toLowerCase();
  if (n.includes('bundle')) return ids.bundle!;
  if (n.includes('product')) return ids.product!;
  if (n.includes('plan')) return ids.plan!;
  if (n.includes('policyholder')) return ids.ph!;
  if (n.includes('insuree')) return ids.insuree!;
  if (n.includes('detail')) return ids.detail!;
  if (n.includes('line')) return ids.line!;
  if (n === 'id' || n === 'ids') {
    if (path.startsWith('/contracts')) return ids.contract!;
    if (path.startsWith('/policy-holders')) return ids.ph!;
    if (path.startsWith('/products')) return ids.product!;
    if (path.startsWith('/contribution-plans')) return ids.plan!;
    if (path.startsWith('/contribution-plan-bundles')) return ids.bundle!;
    if (path.startsWith('/insurees')) return ids.insuree!;
  }
  return [...ids.contract!, ...ids.ph!];
}

/** A plausible value for a field by its schema and name: what a partner would send, near the edges. */
function plausible(schema: Json, name: string, path: string, depth: number): fc.Arbitrary<Json> {
  const n = name.toLowerCase();
  if (!schema || typeof schema !== 'object') return hostile;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && alternatives.length)
    return fc.oneof(...alternatives.map((s: Json) => field(s, name, path, depth)));
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (n.startsWith('date') || n === 'receivedat' || String(schema.pattern ?? '').includes('\\d{4}-'))
    return dates;
  if (schema.format === 'uuid' || n.endsWith('id') || n === 'ids')
    if (!types.includes('array')) return fc.oneof(fc.constantFrom(...idPool(name, path)), malformedIds);
  if (['amount', 'income', 'rate', 'amountfrom', 'amountto'].includes(n)) return decimals;
  if (n === 'version' || n === 'contractversion') return fc.constantFrom(1, 2, 3, 0, -1, 2 ** 31, '1', 1.5);
  if (types.includes('object') || schema.properties || schema.additionalProperties) {
    if (schema.properties) return objectOf(schema, path, depth + 1);
    // Free-form parameters (plan params, calculation parameters): the rules' keys and prototype keys.
    return fc.dictionary(
      fc.constantFrom('income', 'rate', 'amount', 'includeFamily', 'constructor', '__proto__', 'toString'),
      fc.oneof(decimals, fc.boolean(), hostile),
      { maxKeys: 4 },
    );
  }
  if (types.includes('array'))
    return fc.array(field(schema.items ?? {}, name, path, depth + 1), { maxLength: 4 });
  if (types.includes('integer') || types.includes('number'))
    return fc.oneof(
      fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 200, 10_000) }),
      boundaryNumbers,
    );
  if (types.includes('boolean')) return fc.boolean();
  if (types.includes('string'))
    return fc.oneof(
      fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 20, 20) }),
      fc.constantFrom('FUZZ-1', 'en', 'fr', 'M', 'percent-of-income', 'fixed-amount', 'x@example.test'),
    );
  return hostile;
}

/** One field: mostly plausible, sometimes hostile. */
function field(schema: Json, name: string, path: string, depth: number): fc.Arbitrary<Json> {
  if (depth > 4) return hostile;
  return fc.oneof(
    { weight: 3, arbitrary: plausible(schema, name, path, depth) },
    { weight: 1, arbitrary: hostile },
  );
}

const define = (o: Record<string, Json>, k: string, v: Json) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

/**
 * An object for a schema. `mixed`: every field independently plausible or hostile. `one`: a valid object
 * with exactly one field (or one extra key) hostile, so the hostile value gets past the other checks.
 * `valid`: what the operation accepts.
 */
function objectOf(
  schema: Json,
  path: string,
  depth: number,
  mode: 'mixed' | 'one' | 'valid' = 'mixed',
): fc.Arbitrary<Json> {
  const props = Object.entries((schema.properties ?? {}) as Record<string, Json>);
  const required = new Set<string>(schema.required ?? []);
  if (mode !== 'mixed') {
    const base = fc.tuple(
      ...props.map(([k, s]) =>
        required.has(k)
          ? valid(s, k, path, depth).map((v) => [k, v] as const)
          : fc.option(
              valid(s, k, path, depth).map((v) => [k, v] as const),
              { freq: 2, nil: undefined },
            ),
      ),
    );
    const build = (kv: readonly (readonly [string, Json] | undefined)[]) => {
      const out: Record<string, Json> = {};
      for (const e of kv) if (e) define(out, e[0], e[1]);
      return out;
    };
    if (mode === 'valid' || props.length === 0) return base.map(build);
    const mutation = fc.tuple(
      fc.nat({ max: props.length }),
      hostile,
      fc.constantFrom('constructor', 'toString', '__proto__', 'x\u0000', 'y\ud800'),
    );
    const nested = props.map(([k, s]) =>
      s.properties
        ? objectOf(s, path, depth + 1, 'one')
        : (plausible(s, k, path, depth + 1) as fc.Arbitrary<Json>),
    );
    return fc
      .tuple(base, mutation, fc.tuple(...nested), fc.boolean())
      .map(([kv, [i, bad, key], inner, deeper]) => {
        const out = build(kv);
        if (i === props.length) define(out, key, bad);
        else define(out, props[i]![0], deeper ? inner[i] : bad);
        return out;
      });
  }
  const entries = props.map(([k, s]) =>
    fc.option(
      field(s, k, path, depth).map((v) => [k, v] as const),
      {
        freq: required.has(k) ? 8 : 2,
        nil: undefined,
      },
    ),
  );
  const extra = fc.option(
    fc.tuple(fc.constantFrom('constructor', 'toString', '__proto__', 'extra', 'x\u0000', 'y\ud800'), hostile),
    { freq: 5, nil: undefined },
  );
  return fc.tuple(fc.tuple(...entries), extra).map(([kv, more]) => {
    const out: Record<string, Json> = {};
    for (const e of kv)
      if (e) Object.defineProperty(out, e[0], { value: e[1], enumerable: true, writable: true });
    if (more) Object.defineProperty(out, more[0], { value: more[1], enumerable: true, writable: true });
    return out;
  });
}

/** A value the operation should accept, so that one hostile field reaches the service and the database. */
function valid(schema: Json, name: string, path: string, depth: number): fc.Arbitrary<Json> {
  const n = name.toLowerCase();
  if (!schema || typeof schema !== 'object' || depth > 4) return fc.constant('Fuzz');
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alternatives = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length) {
    const usable = alternatives.filter((a) => a.type !== 'null' && a.const !== '');
    return valid(usable[0] ?? alternatives[0], name, path, depth);
  }
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (n.startsWith('date') || n === 'receivedat' || String(schema.pattern ?? '').includes('\\d{4}-'))
    return n === 'dateofbirth'
      ? fc.constantFrom('1980-05-17', '2000-01-01')
      : n.endsWith('to')
        ? fc.constantFrom('2026-12-31', '2035-12-31')
        : fc.constantFrom('2026-01-01', '2026-03-31');
  if (types.includes('array'))
    return fc.array(valid(schema.items ?? {}, name, path, depth + 1), { minLength: 1, maxLength: 3 });
  if (schema.format === 'uuid' || n.endsWith('id')) return fc.constantFrom(...idPool(name, path));
  if (['amount', 'income', 'amountfrom', 'amountto'].includes(n))
    return fc.constantFrom('1000.00', '999999999.99', '0.01');
  if (n === 'rate') return fc.constantFrom('5', '100');
  if (n === 'version' || n === 'contractversion') return fc.constantFrom(1, 2);
  if (schema.properties) return objectOf(schema, path, depth + 1, 'valid');
  if (types.includes('object') || schema.additionalProperties)
    return fc.constantFrom(
      { income: '1000.00' },
      { income: '999999999.99' },
      { rate: '100', includeFamily: true },
      { amount: '999999999.99', includeFamily: true },
    );
  if (types.includes('integer') || types.includes('number'))
    return fc.integer({ min: schema.minimum ?? 1, max: Math.min(schema.maximum ?? 12, 120) });
  if (types.includes('boolean')) return fc.boolean();
  const samples: Record<string, string[]> = {
    code: ['FUZZ-1', 'FUZZ-2'],
    insurancenumber: ['FZ-1', 'FZ-2'],
    email: ['fuzz@example.test'],
    language: ['en', 'fr'],
    gender: ['F', 'M'],
    calculationrule: ['percent-of-income', 'fixed-amount'],
    receiptnumber: ['R-1', 'R-2'],
    password: ['demo1234'],
  };
  const max = schema.maxLength ?? 5000;
  return fc.oneof(
    fc.constantFrom(...(samples[n] ?? ['Fuzz text', 'Über café'])),
    fc.constant('a'.repeat(Math.min(max, 5000))),
  );
}

type Case = { url: string; body?: string; headers: Record<string, string> };

function caseFor(path: string, method: string, op: Json): fc.Arbitrary<Case> {
  const params = (op.parameters ?? []) as Json[];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(
    ...pathParams.map((p) =>
      path.startsWith('/tokens')
        ? malformedIds
        : fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...idPool(p.name, path)) },
            { weight: 1, arbitrary: malformedIds },
          ),
    ),
  );
  const queryArb = fc.tuple(
    ...queryParams.map((p) =>
      fc.option(
        fc.oneof(field(p.schema, p.name, path, 0), hostileStrings).map((v) => [p.name, v] as const),
        { freq: 2, nil: undefined },
      ),
    ),
  );
  const schema = op.requestBody?.content?.['application/json']?.schema;
  const bodyArb: fc.Arbitrary<string | undefined> = schema
    ? fc.oneof(
        { weight: 4, arbitrary: objectOf(schema, path, 0).map((b) => JSON.stringify(b)) },
        { weight: 8, arbitrary: objectOf(schema, path, 0, 'one').map((b) => JSON.stringify(b)) },
        { weight: 1, arbitrary: hostile.map((b) => JSON.stringify(b)) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '{',
            '{"a":',
            'null',
            '[]',
            '"x"',
            '\u0000',
            '{"a":"\\ud800"}',
            '{"a":"\\u0000"}',
          ),
        },
      )
    : method === 'get'
      ? fc.constant(undefined)
      : fc.option(fc.constantFrom('{}', '{"x":1}', '['), { freq: 3, nil: undefined });
  const keyArb = fc.option(fc.constantFrom('k1', 'k2', 'x'.repeat(300), 'é'), { freq: 3, nil: undefined });
  return fc.tuple(pathArb, queryArb, bodyArb, keyArb).map(([pv, qv, body, key]) => {
    let i = 0;
    const url = path.replace(/\{\w+\}/g, () => encodeURIComponent(String(pv[i++])).replace(/%25/g, '%'));
    const q = new URLSearchParams();
    for (const e of qv) if (e) q.append(e[0], typeof e[1] === 'string' ? e[1] : JSON.stringify(e[1]));
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key && /^[\x20-\x7e]*$/.test(key)) headers['idempotency-key'] = key;
    return { url: `${url}${q.size ? `?${q}` : ''}`, body, headers };
  });
}

beforeAll(async () => {
  t = await createTestDb();
  const admin = (await loadActor(t.db, (await makeUser(t.db, 'admin')).id))!;
  token = (await createOwnApiToken(t.db, admin, { name: 'fuzz' })).token;
  const scheme = await makeScheme(t.db, { periodicityMonths: 1 });
  const holder = await makeEmployer(t.db, scheme.bundleId, ['1000.00', '2500.00']);
  ids.product = [scheme.productId];
  ids.plan = [scheme.planId];
  ids.bundle = [scheme.bundleId];
  ids.ph = [holder.id];
  ids.insuree = holder.insureeIds;
  const send = async (method: string, url: string, body?: unknown) => {
    const r = await dispatch(
      t.db,
      API_ROUTES,
      new Request(`http://localhost/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const json = await r.json();
    if (r.status >= 300) throw new Error(`${method} ${url}: ${JSON.stringify(json)}`);
    return json;
  };
  const period = { dateValidFrom: '2026-01-01', dateValidTo: '2026-12-31' };
  const draft = await send('POST', '/contracts', { code: 'FUZZ-D', policyHolderId: holder.id, ...period });
  const approved = await send('POST', '/contracts', { code: 'FUZZ-A', policyHolderId: holder.id, ...period });
  const submitted = await send('POST', `/contracts/${approved.id}/submit`, { version: approved.version });
  await send('POST', `/contracts/${approved.id}/approve`, { version: submitted.version });
  ids.contract = [draft.id, approved.id];
  ids.detail = (await send('GET', `/contracts/${draft.id}/details`)).map((d: Json) => d.id);
  const lines = await send('GET', `/policy-holders/${holder.id}/insurees`);
  ids.line = (lines.items ?? lines).map((l: Json) => l.id);
});
afterAll(() => t?.close());

describe('fuzzing every operation of the OpenAPI document', () => {
  it(`answers ${RUNS} hostile inputs per operation without a 5xx`, { timeout: 3_600_000 }, async () => {
    const doc = buildOpenApi(API_ROUTES) as Json;
    const ops: [string, string, Json][] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>))
      for (const [method, op] of Object.entries(item as Record<string, Json>)) ops.push([path, method, op]);
    // Reads first, deletions last, so most operations meet live records.
    const rank = (m: string) => ({ get: 0, post: 1, patch: 1, delete: 2 })[m] ?? 1;
    ops.sort((a, b) => rank(a[1]) - rank(b[1]));

    const errors: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args) => errors.push(args));
    const failures: { op: string; status: number; url: string; body?: string; cause: string }[] = [];
    let sent = 0;
    try {
      for (const [path, method, op] of ops) {
        await fc.assert(
          fc.asyncProperty(caseFor(path, method, op), async (c) => {
            errors.length = 0;
            sent++;
            const response = await dispatch(
              t.db,
              API_ROUTES,
              new Request(`http://localhost/api/v1${c.url}`, {
                method: method.toUpperCase(),
                headers: c.headers,
                body: c.body,
              }),
            );
            await response.arrayBuffer();
            if (response.status >= 500) {
              const cause = errors.map((e) => String((e as unknown[])[1] ?? e).split('\n')[0]).join(' | ');
              failures.push({
                op: `${method.toUpperCase()} ${path}`,
                status: response.status,
                url: c.url.slice(0, 300),
                body: c.body?.slice(0, 300),
                cause: cause.slice(0, 300),
              });
            }
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      }
    } finally {
      spy.mockRestore();
    }
    const causes = new Map<string, number>();
    for (const f of failures) causes.set(`${f.op}: ${f.cause}`, (causes.get(`${f.op}: ${f.cause}`) ?? 0) + 1);
    console.log(
      `[fuzz] ${ops.length} operations, ${sent} inputs sent, ${failures.length} answered 5xx` +
        (causes.size ? `\n${[...causes].map(([c, n]) => `  ${n} × ${c}`).join('\n')}` : ''),
    );
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
