import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { dispatch } from '../api/router';
import { API_ROUTES } from '../api/routes';
import { createOwnApiToken } from '../api/tokens';
import { loadActor } from '../auth/actor';
import { exampleRule } from '../calculation/premium-rule-example';

let t: TestDb;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestDb();
  for (const role of ['admin', 'editor'] as const) {
    const u = await makeUser(t.db, role);
    tokens[role] = (await createOwnApiToken(t.db, (await loadActor(t.db, u.id))!, { name: role })).token;
  }
});
afterAll(() => t.close());

async function call(method: string, path: string, body?: unknown, role = 'admin') {
  const response = await dispatch(
    t.db,
    API_ROUTES,
    new Request(`http://localhost/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers read field by field
  return { status: response.status, body: response.status === 204 ? null : ((await response.json()) as any) };
}

describe('/api/v1/premium-rules', () => {
  it('creates, drafts, refuses a bad formula with its position, publishes and reads back', async () => {
    expect((await call('POST', '/premium-rules', { code: 'API-R', name: 'Api rule' }, 'editor')).status).toBe(
      403,
    );
    const created = await call('POST', '/premium-rules', { code: 'API-R', name: 'Api rule' });
    expect(created.status).toBe(201);
    const ruleId = created.body.id;
    const bad = await call('POST', `/premium-rules/${ruleId}/versions`, {
      validFrom: '2026-01-01',
      definition: { ...exampleRule, formula: 'income *' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fieldErrors.formula[0]).toMatch(/^Syntax error at position 9/);
    const draft = await call('POST', `/premium-rules/${ruleId}/versions`, {
      validFrom: '2026-01-01',
      definition: exampleRule,
    });
    expect(draft.status).toBe(201);
    expect(draft.body.testResults.every((r: { passed: boolean }) => r.passed)).toBe(true);
    const published = await call('POST', `/premium-rules/${ruleId}/versions/${draft.body.id}/publish`, {
      version: draft.body.version,
    });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const read = await call('GET', `/premium-rules/${ruleId}`);
    expect(read.body.versions).toHaveLength(1);
    const preview = await call('POST', '/premium-rules/preview', {
      definition: exampleRule,
      inputs: { age: 40, gender: 'F', familySize: 1, income: '1000' },
    });
    expect(preview.body.rounded).toBe('16.00');
  });
});
