import { sql } from 'drizzle-orm';
import type { DbHandle } from '../db/client';
import type { Actor } from '../lib/auth/actor';
import { searchContracts } from '../lib/contracts/search';
import { CONTRACT_SORTS } from '../lib/validation/contract';

/**
 * Issue 13: "search at a million contracts: p95 < 50 ms for every filter and sort". Every filter of the
 * contract search on its own (and the state + amount range pair the specification names), every sort in
 * both directions, and deep pages: page 500 by offset and the page after a keyset cursor taken there.
 * Each case draws fresh random values per sample after one warm-up call.
 */
export async function benchSearch(
  h: DbHandle,
  actor: Actor,
  samples: number,
  report: (name: string, times: number[]) => void,
): Promise<void> {
  const pick = async (query: ReturnType<typeof sql>) =>
    (await h.db.execute<{ v: string }>(query)).map((r) => String(r.v));
  const phIds = await pick(sql`select id as v from policy_holders order by code limit 200`);
  const insurees = await pick(sql`select id as v from insurees order by insurance_number limit 200`);
  const bundles = await pick(sql`select id as v from contribution_plan_bundles where is_deleted = false`);
  const dues = await pick(
    sql`select distinct date_payment_due::text as v from contracts where date_payment_due is not null limit 200`,
  );
  const rnd = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const digits = (n: number) => String(Math.floor(Math.random() * 9 * 10 ** (n - 1)) + 10 ** (n - 1));
  const month = () => `202${4 + Math.floor(Math.random() * 3)}-0${1 + Math.floor(Math.random() * 9)}-01`;
  // A cursor from page 500 of the default sort: the keyset page after it must cost what page 1 costs.
  const deep = await searchContracts(h.db, actor, { page: '500', sort: 'code', dir: 'asc' });

  const cases: [string, () => Record<string, unknown>][] = [
    ['code contains', () => ({ code: digits(4) })],
    ['payment reference contains', () => ({ paymentReference: digits(5) })],
    ['policy holder', () => ({ policyHolderId: rnd(phIds) })],
    ['insuree', () => ({ insureeId: rnd(insurees) })],
    ['state', () => ({ state: rnd(['2', '4', '5', '7', '10', '11']) })],
    [
      'state + amount range',
      () => ({ state: rnd(['2', '4', '5', '7']), amountFrom: '100', amountTo: '400' }),
    ],
    ['amount range', () => ({ amountFrom: '100', amountTo: String(100 + Math.floor(Math.random() * 50)) })],
    ['payment due date', () => ({ datePaymentDue: rnd(dues) })],
    ['amendment', () => ({ amendment: rnd(['0', '1']) })],
    ['valid from/to', () => ({ dateValidFrom: month(), dateValidTo: month() })],
    ['uses bundle', () => ({ bundleId: rnd(bundles) })],
    ['show deleted', () => ({ includeDeleted: 'true' })],
    ...CONTRACT_SORTS.flatMap((sort) =>
      (['asc', 'desc'] as const).map((dir): [string, () => Record<string, unknown>] => [
        `sort ${sort} ${dir}`,
        () => ({ sort, dir }),
      ]),
    ),
    ['page 500 (offset)', () => ({ page: '500', sort: 'code', dir: 'asc' })],
    ['page after page 500 (keyset)', () => ({ after: deep.nextCursor, sort: 'code', dir: 'asc' })],
  ];
  for (const [name, params] of cases) {
    await searchContracts(h.db, actor, params()); // warm-up
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const s = performance.now();
      await searchContracts(h.db, actor, params());
      times.push(performance.now() - s);
    }
    report(name, times);
  }
}
