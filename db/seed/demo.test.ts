import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '@/lib/auth/actor';
import { signIn } from '@/lib/auth/sign-in';
import { searchPolicyHolders } from '@/lib/policy-holders/policy-holders';
import { contracts, insurees, policyHolderInsurees, policyHolders } from '../schema';
import { createTestDb, type TestDb } from '../testing/test-db';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe('seedDemo', () => {
  it('loads the demo data once', async () => {
    expect(await seedDemo(t.db)).toBe(true);
    expect(await seedDemo(t.db)).toBe(false);
    const [phs] = await t.db.select({ n: count() }).from(policyHolders);
    const [ins] = await t.db.select({ n: count() }).from(insurees);
    const [fr] = await t.db
      .select({ n: count() })
      .from(policyHolders)
      .where(eq(policyHolders.language, 'fr'));
    const [lines] = await t.db.select({ n: count() }).from(policyHolderInsurees);
    expect(phs?.n).toBe(4);
    expect(fr?.n).toBe(2);
    expect(ins?.n).toBe(32);
    expect(lines?.n).toBe(15);
    const demo = await t.db
      .select({ code: contracts.code, state: contracts.state, due: contracts.amountDue })
      .from(contracts);
    const year = new Date().getUTCFullYear();
    expect(demo.sort((a, b) => a.code.localeCompare(b.code))).toEqual([
      // 25.00 + 37.50 + 120.00 (family plan, 10 %) + 49.02 (980.50 × 5 %, half-even) + 32.00
      { code: `ACME-${year}`, state: 7, due: '263.52' },
      { code: `DUPONT-${year}`, state: 4, due: null },
      { code: `GREEN-${year}`, state: 2, due: null },
      // Approved 40 days ago, never paid: 1,500.00 × 5 % + 1,800.00 × 5 %.
      { code: `MARTIN-${year}`, state: 5, due: '165.00' },
    ]);
  });

  it.each(DEMO_USERS.map((u) => [u.email, u.role] as const))('lets %s sign in as %s', async (email, role) => {
    const result = await signIn(t.db, { email, password: DEMO_PASSWORD, ip: 'test' });
    expect(result.ok).toBe(true);
    const actor = await loadActor(t.db, (result as { userId: string }).userId);
    expect(actor?.role).toBe(role);
  });

  it('links the portal user to the first policy holder only', async () => {
    const result = await signIn(t.db, { email: 'portal@demo.test', password: DEMO_PASSWORD, ip: 'test' });
    const actor = await loadActor(t.db, (result as { userId: string }).userId);
    const visible = await searchPolicyHolders(t.db, actor!, {});
    expect(visible.items.map((p) => p.code)).toEqual(['PH-ACME']);
  });

  it('lets the demo broker act for two policy holders', async () => {
    const result = await signIn(t.db, { email: 'broker@demo.test', password: DEMO_PASSWORD, ip: 'test' });
    const actor = await loadActor(t.db, (result as { userId: string }).userId);
    const visible = await searchPolicyHolders(t.db, actor!, { sort: 'code' });
    expect(visible.items.map((p) => p.code).sort()).toEqual(['PH-ACME', 'PH-DUPONT']);
    expect(actor!.language).toBe('fr');
  });
});
