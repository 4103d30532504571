import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractContributionDetails, premiumRuleVersions } from '@/db/schema';
import {
  allowBundle,
  declareInsuree,
  makeActors,
  makeBundle,
  makeFamily,
  makePlan,
  makePolicyHolder,
  makeProduct,
} from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { exampleRule } from '../calculation/premium-rule-example';
import { PREMIUM_RULE_KEY } from '../calculation/rules';
import { createContract } from '../contracts/contracts';
import { rateChangeNote } from '../contracts/rate-note';
import { approveContract, submitContract } from '../contracts/transitions';
import { ConflictError, ForbiddenError, InvalidStateError, ValidationError } from '../errors';
import { listBundles } from '../policy-holders/insurees';
import { createPlan } from '../reference/plans';
import {
  createPremiumRule,
  getPremiumRule,
  listPremiumRules,
  premiumRuleUsage,
  updatePremiumRule,
} from './rules';
import { deleteRuleVersion, previewRule, publishRuleVersion, saveRuleVersion } from './versions';

let t: TestDb;
let a: Record<'admin' | 'editor' | 'approver' | 'viewer' | 'portal', Actor>;
beforeAll(async () => {
  t = await createTestDb();
  a = await makeActors(t.db, ['admin', 'editor', 'approver', 'viewer', 'portal']);
});
afterAll(() => t.close());

const newRule = (code: string) => createPremiumRule(t.db, a.admin, { code, name: `Rule ${code}` });
const publish = async (ruleId: string, validFrom: string, definition = exampleRule) => {
  const v = await saveRuleVersion(t.db, a.admin, { ruleId, validFrom, definition });
  return publishRuleVersion(t.db, a.admin, { id: v.id, version: v.version });
};

describe('premium rule administration', () => {
  it('needs product.configure to change rules; portal users see nothing', async () => {
    await expect(newRule('R-DENY').then(() => 'ok')).resolves.toBe('ok');
    await expect(createPremiumRule(t.db, a.editor, { code: 'X1', name: 'X' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(listPremiumRules(t.db, a.portal, {})).rejects.toBeInstanceOf(ForbiddenError);
    const { items } = await listPremiumRules(t.db, a.viewer, { q: 'R-DENY' });
    expect(items.map((i) => i.code)).toEqual(['R-DENY']);
    expect(() => previewRule(a.portal, { definition: exampleRule })).toThrow(ForbiddenError);
    await expect(newRule('R-DENY')).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a bad formula at save with where the error is', async () => {
    const rule = await newRule('R-BAD');
    const save = saveRuleVersion(t.db, a.admin, {
      ruleId: rule.id,
      validFrom: '2026-01-01',
      definition: { ...exampleRule, formula: 'min(income, 3000) * rate("ages", age, gender) / salary' },
    });
    await expect(save).rejects.toThrow('Unknown name "salary" at position 49.');
    await expect(save).rejects.toMatchObject({
      fieldErrors: { formula: ['Unknown name "salary" at position 49.'] },
    });
  });

  it('keeps failing test cases on a draft and refuses to publish it', async () => {
    const rule = await newRule('R-FAIL');
    const bad = { ...exampleRule, testCases: [{ ...exampleRule.testCases[0]!, expected: '99.00' }] };
    let v = await saveRuleVersion(t.db, a.admin, {
      ruleId: rule.id,
      validFrom: '2026-01-01',
      definition: bad,
    });
    expect(v.testResults).toEqual([
      { name: 'young man, low income', expected: '99.00', actual: '24.00', passed: false },
    ]);
    await expect(publishRuleVersion(t.db, a.admin, { id: v.id, version: v.version })).rejects.toThrow(
      'A rule version whose test cases fail cannot be published (failing: young man, low income).',
    );
    v = await saveRuleVersion(t.db, a.admin, {
      ruleId: rule.id,
      id: v.id,
      version: v.version,
      validFrom: '2026-01-01',
      definition: { ...exampleRule, testCases: [] },
    });
    await expect(publishRuleVersion(t.db, a.admin, { id: v.id, version: v.version })).rejects.toThrow(
      'A rule version needs test cases before it is published.',
    );
    v = await saveRuleVersion(t.db, a.admin, {
      ruleId: rule.id,
      id: v.id,
      version: v.version,
      validFrom: '2026-01-01',
      definition: exampleRule,
    });
    const published = await publishRuleVersion(t.db, a.admin, { id: v.id, version: v.version });
    expect(published).toMatchObject({ status: 'published', number: 1 });
    // Frozen: not through the service, not through SQL.
    await expect(
      saveRuleVersion(t.db, a.admin, {
        ruleId: rule.id,
        id: v.id,
        version: published.version,
        validFrom: '2026-01-01',
        definition: exampleRule,
      }),
    ).rejects.toBeInstanceOf(InvalidStateError);
    await expect(
      deleteRuleVersion(t.db, a.admin, { id: v.id, version: published.version }),
    ).rejects.toBeInstanceOf(InvalidStateError);
    await expect(
      t.db.execute(sql`update premium_rule_versions set valid_from = '2020-01-01' where id = ${v.id}`),
    ).rejects.toThrow();
    await expect(t.db.delete(premiumRuleVersions).where(eq(premiumRuleVersions.id, v.id))).rejects.toThrow();
    // A second version on the same day is a conflict; a stale version number too.
    const again = await saveRuleVersion(t.db, a.admin, {
      ruleId: rule.id,
      validFrom: '2026-01-01',
      definition: exampleRule,
    });
    expect(again.number).toBe(2);
    await expect(
      publishRuleVersion(t.db, a.admin, { id: again.id, version: again.version + 1 }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(publishRuleVersion(t.db, a.admin, { id: again.id, version: again.version })).rejects.toThrow(
      'Another published version of this rule starts on the same day.',
    );
    const full = await getPremiumRule(t.db, a.viewer, rule.id);
    expect(full.versions.map((x) => [x.number, x.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    const renamed = await updatePremiumRule(t.db, a.admin, {
      id: rule.id,
      version: rule.version,
      name: 'Renamed',
    });
    expect(renamed).toMatchObject({ name: 'Renamed', version: 2 });
  });

  it('previews an amount with its explanation', () => {
    const out = previewRule(a.viewer, {
      definition: exampleRule,
      inputs: { age: 39, gender: 'M', familySize: 2, income: '5000' },
    });
    expect(out.rounded).toBe('38.50');
    expect(out.lines).toContain('rate("ages"): age 39 in band 18 to under 40, gender M → 1.2');
    expect(out.testResults.every((r) => r.passed)).toBe(true);
    expect(() => previewRule(a.viewer, { definition: { ...exampleRule, formula: 'income +' } })).toThrow(
      ValidationError,
    );
  });
});

describe('contracts valued through a configured rule', () => {
  it('values and approves with the version valid at the period start, by age band and income ceiling', async () => {
    const rule = await newRule('GTL-AGES');
    await publish(rule.id, '2025-01-01');
    const product = await makeProduct(t.db);
    const plan = await createPlan(t.db, a.admin, {
      code: 'CP-GTL',
      name: 'Group life by age',
      productId: product.id,
      calculationRule: PREMIUM_RULE_KEY,
      params: { rule: 'GTL-AGES' },
      periodicityMonths: 12,
      dateValidFrom: '2020-01-01',
    });
    await expect(
      createPlan(t.db, a.admin, {
        code: 'CP-NONE',
        name: 'No such rule',
        productId: product.id,
        calculationRule: PREMIUM_RULE_KEY,
        params: { rule: 'NOPE' },
        periodicityMonths: 12,
        dateValidFrom: '2020-01-01',
      }),
    ).rejects.toThrow('Premium rule "NOPE" not found.');
    const bundle = await makeBundle(t.db, [plan.id]);
    // The insuree forms are generated from what the rule declares.
    const listed = (await listBundles(t.db, a.viewer)).find((b) => b.id === bundle.id);
    expect(listed?.insureeFields).toEqual([
      { name: 'income', label: 'Income', kind: 'decimal', required: true },
    ]);
    const holder = await makePolicyHolder(t.db);
    await allowBundle(t.db, holder.id, bundle.id);
    // Ages at 2026-01-01: 39 (birthday tomorrow), 40 (birthday today), 61; incomes around the 3000 ceiling.
    const people = [
      { dob: '1986-01-02', gender: 'M' as const, income: '2000.00' }, // 2000 × 1.20 % = 24.00
      { dob: '1986-01-01', gender: 'F' as const, income: '4500.00' }, // 3000 × 1.60 % = 48.00
      { dob: '1964-07-01', gender: 'M' as const, income: '3000.00' }, // 3000 × 2.90 % = 87.00
    ];
    for (const [i, p] of people.entries()) {
      const { members } = await makeFamily(t.db, [
        { firstName: `P${i}`, lastName: 'Rated', gender: p.gender, dateOfBirth: p.dob },
      ]);
      await declareInsuree(t.db, holder.id, members[0]!.id, bundle.id, {
        calculationParams: { income: p.income },
      });
    }
    let c = await createContract(t.db, a.editor, {
      code: 'C-RULE-1',
      policyHolderId: holder.id,
      paymentReference: 'PAY-R',
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    });
    expect(c.amount).toBe('159.00');

    // A draft valued with the rates of today: no note while they are those recorded.
    expect(await rateChangeNote(t.db, c)).toBeNull();

    // A version valid from a later day does not change this contract (it starts before).
    await publish(rule.id, '2026-06-01', {
      ...exampleRule,
      formula: 'min(income, 3000) * rate("ages", age, gender) / 50',
      testCases: [{ ...exampleRule.testCases[0]!, expected: '48.00' }],
    });
    expect(await rateChangeNote(t.db, c)).toBeNull();
    c = await submitContract(t.db, a.editor, { id: c.id, version: c.version });
    c = await approveContract(t.db, a.approver, { id: c.id, version: c.version });
    const lines = await t.db
      .select({ amount: contractContributionDetails.amount })
      .from(contractContributionDetails)
      .where(eq(contractContributionDetails.contractId, c.id));
    expect(lines.map((l) => l.amount).sort()).toEqual(['24.00', '48.00', '87.00']);

    // Publishing a version that would take effect on or before this approved contract's start is refused.
    const early = await saveRuleVersion(t.db, a.admin, {
      ruleId: rule.id,
      validFrom: '2026-01-01',
      definition: exampleRule,
    });
    await expect(publishRuleVersion(t.db, a.admin, { id: early.id, version: early.version })).rejects.toThrow(
      'Contract C-RULE-1, approved with this rule, starts on 2026-01-01: a new version must take effect after it.',
    );
    const usage = await premiumRuleUsage(t.db, a.viewer, rule.id);
    expect(usage.plans.map((p) => p.code)).toEqual(['CP-GTL']);
    expect(usage.contractsByState).toEqual([{ state: 5, n: 1 }]);
  });

  it('notes on a draft that the rate changed, with both figures', async () => {
    const rule = await newRule('NOTE');
    await publish(rule.id, '2025-01-01');
    const product = await makeProduct(t.db);
    const plan = await makePlan(t.db, product.id, {
      calculationRule: PREMIUM_RULE_KEY,
      params: { rule: 'NOTE' },
    });
    const bundle = await makeBundle(t.db, [plan.id]);
    const holder = await makePolicyHolder(t.db);
    await allowBundle(t.db, holder.id, bundle.id);
    const { members } = await makeFamily(t.db, [
      { firstName: 'N', lastName: 'Ote', gender: 'M', dateOfBirth: '1986-01-02' },
    ]);
    await declareInsuree(t.db, holder.id, members[0]!.id, bundle.id, {
      calculationParams: { income: '2000' },
    });
    const draft = await createContract(t.db, a.editor, {
      code: 'C-NOTE',
      policyHolderId: holder.id,
      paymentReference: 'PAY-N',
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    });
    expect(draft.amount).toBe('24.00');
    await publish(rule.id, '2026-01-01', {
      ...exampleRule,
      formula: 'min(income, 3000) * rate("ages", age, gender) / 50',
      testCases: [{ ...exampleRule.testCases[0]!, expected: '48.00' }],
    });
    expect(await rateChangeNote(t.db, draft)).toEqual({ recorded: '24.00', current: '48.00' });
  });

  it('refuses to value a contract starting before the rule has a version', async () => {
    const rule = await newRule('LATE');
    await publish(rule.id, '2027-01-01');
    const product = await makeProduct(t.db);
    const plan = await makePlan(t.db, product.id, {
      calculationRule: PREMIUM_RULE_KEY,
      params: { rule: 'LATE' },
    });
    const bundle = await makeBundle(t.db, [plan.id]);
    const holder = await makePolicyHolder(t.db);
    await allowBundle(t.db, holder.id, bundle.id);
    const { members } = await makeFamily(t.db, [{ firstName: 'A', lastName: 'B', gender: 'F' }]);
    await declareInsuree(t.db, holder.id, members[0]!.id, bundle.id, {
      calculationParams: { income: '100' },
    });
    await expect(
      createContract(t.db, a.editor, {
        code: 'C-LATE',
        policyHolderId: holder.id,
        paymentReference: 'PAY-L',
        dateValidFrom: '2026-01-01',
        dateValidTo: '2026-12-31',
      }),
    ).rejects.toThrow('The premium rule "LATE" has no published version valid on 2026-01-01.');
  });
});
