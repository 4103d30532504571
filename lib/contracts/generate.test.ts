import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowBundle,
  declareInsuree,
  makeBundle,
  makeFamily,
  makePlan,
  makePolicyHolder,
  makeProduct,
  makeUser,
} from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { type Actor, loadActor } from '../auth/actor';
import { ForbiddenError } from '../errors';
import { inEnglish } from '../i18n/keyed';
import { createContract } from './contracts';
import { generateContracts } from './generate';

let t: TestDb;
let editor: Actor;
let viewer: Actor;
const ph: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  const bundle = await makeBundle(t.db, [(await makePlan(t.db, (await makeProduct(t.db)).id)).id]);
  for (const code of ['GEN-A', 'GEN-B', 'GEN-EMPTY']) {
    ph[code] = (await makePolicyHolder(t.db, { code, tradeName: `Generated ${code}` })).id;
    await allowBundle(t.db, ph[code]!, bundle.id);
    if (code !== 'GEN-EMPTY') {
      const { members } = await makeFamily(t.db, [{ firstName: 'X', lastName: code }]);
      await declareInsuree(t.db, ph[code]!, members[0]!.id, bundle.id);
    }
  }
  editor = (await loadActor(t.db, (await makeUser(t.db, 'editor')).id))!;
  viewer = (await loadActor(t.db, (await makeUser(t.db, 'viewer')).id))!;
  await createContract(t.db, editor, {
    code: 'EXISTING',
    policyHolderId: ph['GEN-B'],
    dateValidFrom: '2026-06-01',
    dateValidTo: '2027-05-31',
  });
});
afterAll(() => t.close());

describe('generateContracts', () => {
  it('creates one contract per policy holder not yet covered, and says why others were skipped', async () => {
    const r = await generateContracts(t.db, editor, {
      filter: { q: 'GEN-' },
      dateValidFrom: '2027-01-01',
      dateValidTo: '2027-12-31',
    });
    expect(r.created.map((c) => c.code)).toEqual(['GEN-A-2027-01-01']);
    expect(r.skipped.map((s) => [s.code, inEnglish(s.reason)]).sort()).toEqual([
      ['GEN-B', 'Already covered for this period.'],
      ['GEN-EMPTY', 'No insuree to cover in this period.'],
    ]);
    const again = await generateContracts(t.db, editor, {
      policyHolderIds: [ph['GEN-A']!],
      dateValidFrom: '2027-01-01',
      dateValidTo: '2027-12-31',
    });
    expect(again.created).toEqual([]);
    expect(again.skipped).toHaveLength(1);
    await expect(
      generateContracts(t.db, viewer, {
        policyHolderIds: [ph['GEN-A']!],
        dateValidFrom: '2028-01-01',
        dateValidTo: '2028-12-31',
      }),
    ).rejects.toThrow(ForbiddenError);
  });
});
