import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePolicyHolder, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { type Actor, loadActor } from '../auth/actor';
import { ValidationError } from '../errors';
import { CONTRACT_SORTS } from '../validation/contract';
import { searchContracts } from './search';

/*
 * Issue 13, deep pages by keyset: walking the search with `after=<nextCursor>` must give exactly the rows
 * and the order that page numbers give, for every sort in both directions, with ties (broken by id), null
 * sort values (no policy holder, no due date, no amount) and timestamps a microsecond apart.
 */
let t: TestDb;
let viewer: Actor;

beforeAll(async () => {
  t = await createTestDb();
  viewer = (await loadActor(t.db, (await makeUser(t.db, 'viewer')).id))!;
  const a = (await makePolicyHolder(t.db)).id;
  const b = (await makePolicyHolder(t.db)).id;
  await t.db.execute(sql`
    insert into contracts (code, policy_holder_id, state, amount_notified, amount_rectified, amount_due,
      date_valid_from, date_valid_to, date_payment_due, amendment, updated_at)
    select 'K-' || lpad((g % 17)::text, 2, '0') || '-' || g,
      case g % 3 when 0 then null when 1 then ${a}::uuid else ${b}::uuid end,
      (array[2, 4, 5, 7])[1 + g % 4],
      case when g % 5 = 0 then null else (g % 4) * 10 end, (g % 4) * 10, case when g % 2 = 0 then (g % 3) * 10 end,
      date '2026-01-01' + (g % 3), date '2026-12-31' + (g % 2),
      case when g % 4 = 0 then null else date '2026-02-01' + (g % 5) end,
      g % 2,
      timestamptz '2026-01-01 00:00:00+00' + (g % 6) * interval '1 microsecond'
    from generate_series(1, 47) g`);
});
afterAll(() => t.close());

describe('keyset pages of the contract search', () => {
  // Few matches are sorted in memory; many (here: more than 5) are read in a sort index's order, and by
  // policy holder in two segments. Both plans must give the same pages.
  it.each([
    ['few matches', {}],
    ['many matches', { countLimit: 5 }],
  ])('walks every sort in both directions exactly as page numbers do (%s)', async (_, options) => {
    for (const sort of CONTRACT_SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        const all = await searchContracts(t.db, viewer, { sort, dir, pageSize: '100' });
        expect(all.items).toHaveLength(47);
        const walked: string[] = [];
        let after: string | null | undefined;
        for (let i = 0; i < 10; i++) {
          const page = await searchContracts(
            t.db,
            viewer,
            { sort, dir, pageSize: '10', after: after ?? '' },
            options,
          );
          walked.push(...page.items.map((c) => c.id));
          // Page numbers and the cursor agree page by page, too.
          const numbered = await searchContracts(t.db, viewer, {
            sort,
            dir,
            pageSize: '10',
            page: String(i + 1),
          });
          expect(
            page.items.map((c) => c.id),
            `${sort} ${dir} page ${i + 1}`,
          ).toEqual(numbered.items.map((c) => c.id));
          after = page.nextCursor;
          if (!after) break;
        }
        expect(walked, `${sort} ${dir}`).toEqual(all.items.map((c) => c.id));
      }
    }
  });

  it('filters the validity by overlap, a reversed period matching nothing', async () => {
    const codes = async (p: Record<string, unknown>) =>
      (await searchContracts(t.db, viewer, { pageSize: '100', ...p })).items.length;
    expect(await codes({ dateValidFrom: '2027-01-01' })).toBe(24); // the 24 odd g end on 2027-01-01
    expect(await codes({ dateValidTo: '2026-01-01' })).toBe(15); // the 15 g % 3 = 0 start on 2026-01-01
    expect(await codes({ dateValidFrom: '2026-06-01', dateValidTo: '2026-05-01' })).toBe(0);
  });

  it('says there is no next page on the last one, and refuses a forged cursor', async () => {
    const last = await searchContracts(t.db, viewer, { pageSize: '50' });
    expect(last.nextCursor).toBeNull();
    for (const forged of ['nonsense', Buffer.from('["x","not-a-uuid"]').toString('base64url')])
      await expect(searchContracts(t.db, viewer, { after: forged })).rejects.toThrow(ValidationError);
  });
});
