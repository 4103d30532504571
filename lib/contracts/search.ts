import { and, asc, count, desc, eq, gte, ilike, lte, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import {
  contractDetails,
  contracts,
  contributionPlanBundlePlans,
  contributionPlans,
  policyHolders,
} from '@/db/schema';
import type { Actor } from '../auth/actor';
import { uuidArray } from '../bulk-insert';
import { ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import { containsPattern } from '../sql';
import { pageParams } from '../validation/common';
import { type ContractFilter, contractFilter, contractSort } from '../validation/contract';
import { parseInput } from '../validation/parse';
import { contractScope, requireOp } from './access';
import { type ContractDto, contractColumns, toContractDto } from './contracts';

/**
 * The WHERE clause of a contract search. Every condition maps onto an index: trigram GIN for the
 * "contains" filters, b-trees for policy holder, state + amount, dates; the insuree filter is an EXISTS on
 * the details' insuree index. Tenant scope is always part of it.
 */
export function contractWhere(actor: Actor, f: ContractFilter): SQL | undefined {
  const code = f.code?.trim();
  const ref = f.paymentReference?.trim();
  return and(
    contractScope(actor),
    // Deleted contracts are an insurer's archive; the portal never lists them.
    f.includeDeleted && !actor.isPortal ? undefined : eq(contracts.isDeleted, false),
    code ? ilike(contracts.code, containsPattern(code)) : undefined,
    ref ? ilike(contracts.paymentReference, containsPattern(ref)) : undefined,
    f.policyHolderId ? eq(contracts.policyHolderId, f.policyHolderId) : undefined,
    // An insuree is on few contracts: their ids come from the details' insuree index first (an EXISTS per
    // row let the planner walk a million contracts in sort order looking for them).
    f.insureeId
      ? sql`${contracts.id} = any(array(select d.contract_id from ${contractDetails} d where d.insuree_id = ${f.insureeId} and d.is_deleted = false))`
      : undefined,
    usesWhere(f),
    amountWhere(f.amountFrom, f.amountTo),
    f.datePaymentDue ? eq(contracts.datePaymentDue, f.datePaymentDue) : undefined,
    f.state !== undefined ? eq(contracts.state, f.state) : undefined,
    f.amendment !== undefined ? eq(contracts.amendment, f.amendment) : undefined,
    // Period filters select contracts whose validity overlaps [valid from, valid to] (either end open):
    // a range overlap, which the GiST index on the validity answers.
    // A period that ends before it starts overlaps nothing (a range of it would be an error).
    f.dateValidFrom && f.dateValidTo && f.dateValidFrom > f.dateValidTo
      ? sql`false`
      : f.dateValidFrom || f.dateValidTo
        ? sql`daterange(${contracts.dateValidFrom}, ${contracts.dateValidTo}, '[]') && daterange(${f.dateValidFrom ?? null}::date, ${f.dateValidTo ?? null}::date, '[]')`
        : undefined,
  );
}

/**
 * Issue 17, "which contracts use what": a contract uses a bundle when one of its live lines is under
 * it, a plan when the line's bundle holds the plan, a product when it holds a plan of the product. The
 * same test counts them on the product admin screens (lib/reference/usage.ts).
 */
export function bundlesUsingSql(f: { bundleId?: string; planId?: string; productId?: string }): SQL[] {
  const out: SQL[] = [];
  if (f.bundleId) out.push(sql`d.bundle_id = ${f.bundleId}`);
  if (f.planId)
    out.push(
      sql`d.bundle_id in (select bp.bundle_id from ${contributionPlanBundlePlans} bp where bp.plan_id = ${f.planId})`,
    );
  if (f.productId)
    out.push(
      sql`d.bundle_id in (select bp.bundle_id from ${contributionPlanBundlePlans} bp join ${contributionPlans} p on p.id = bp.plan_id where p.product_id = ${f.productId})`,
    );
  return out;
}

function usesWhere(f: ContractFilter): SQL | undefined {
  const conditions = bundlesUsingSql(f);
  if (!conditions.length) return undefined;
  return sql`exists (select 1 from ${contractDetails} d where d.contract_id = ${contracts.id} and d.is_deleted = false and ${sql.join(conditions, sql` and `)})`;
}

/**
 * The specification: the amount range searches "the 3 amounts", so a contract matches when its amount
 * notified, rectified or due is in the range. Each amount has its index, so the range is a BitmapOr of
 * three index ranges (ANDed with the state's index when a state is given too).
 */
function amountWhere(from: string | undefined, to: string | undefined): SQL | undefined {
  if (from === undefined && to === undefined) return undefined;
  const inRange = (column: AnyPgColumn) => amountInRange(column, from, to);
  return or(
    inRange(contracts.amountNotified),
    inRange(contracts.amountRectified),
    inRange(contracts.amountDue),
  );
}

/** One amount column in [from, to] (either end open). */
const amountInRange = (column: AnyPgColumn, from: string | undefined, to: string | undefined) =>
  and(from !== undefined ? gte(column, from) : undefined, to !== undefined ? lte(column, to) : undefined);

const SORT_COLUMNS = {
  code: contracts.code,
  state: contracts.state,
  amount: contracts.amount,
  datePaymentDue: contracts.datePaymentDue,
  dateValidFrom: contracts.dateValidFrom,
  dateValidTo: contracts.dateValidTo,
  amendment: contracts.amendment,
  policyHolder: policyHolders.code,
  updatedAt: contracts.updatedAt,
};

export type ContractSearchResult = {
  items: ContractDto[];
  /**
   * The keyset cursor of the page after this one (null on the last page): `after=<cursor>` reads it as
   * cheaply as page 1, where `page=N` makes the database read and skip every row before it.
   */
  nextCursor: string | null;
  /** Exact up to COUNT_LIMIT; beyond, COUNT_LIMIT + 1 with `totalExact` false ("more than 10,000"). */
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
};

/**
 * Counting every match of a broad search at a million contracts was most of its time (an exact
 * `count(*)` reads every matching row): the count stops at this many, and the page says "more than".
 */
export const COUNT_LIMIT = 10_000;

/** Sort columns that may be null (PostgreSQL puts nulls last ascending, first descending). */
const NULLABLE_SORTS = new Set<keyof typeof SORT_COLUMNS>(['amount', 'datePaymentDue', 'policyHolder']);

const cursorSchema = z.tuple([z.string().nullable(), z.uuid()]);

function encodeCursor(key: string | null, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | null, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ValidationError(err('contracts.staleCursor'));
  }
}

/**
 * Rows strictly after the cursor in the order `column dir, id dir`. The value travels as text and is
 * compared as the column's own type (a timestamp keeps its microseconds). A null sort value sits last
 * ascending and first descending, as PostgreSQL orders them.
 */
function afterCursor(sort: keyof typeof SORT_COLUMNS, dir: 'asc' | 'desc', cursor: string): SQL {
  const [key, id] = decodeCursor(cursor);
  const col = SORT_COLUMNS[sort];
  const nullable = NULLABLE_SORTS.has(sort);
  if (dir === 'asc') {
    if (key === null) return sql`(${col} is null and ${contracts.id} > ${id})`;
    const after = sql`(${col}, ${contracts.id}) > (${key}, ${id})`;
    return nullable ? sql`(${after} or ${col} is null)` : after;
  }
  if (key === null) return sql`((${col} is null and ${contracts.id} < ${id}) or ${col} is not null)`;
  return sql`(${col}, ${contracts.id}) < (${key}, ${id})`;
}

export async function searchContracts(
  db: DbOrTx,
  actor: Actor,
  params: Record<string, unknown>,
  { countLimit = COUNT_LIMIT }: { countLimit?: number } = {},
): Promise<ContractSearchResult> {
  requireOp(actor, 'read');
  const filter = parseInput(contractFilter, params);
  const { sort, dir, after } = parseInput(contractSort, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const where = contractWhere(actor, filter);
  // The count comes first, bounded: it also tells how to read the page (see pageKeys). When the
  // planner expects far more matches than the bound (ESTIMATE_MANY times), the count is not read at all.
  const estimatedMany = (await estimatedCount(db, where)) >= countLimit * ESTIMATE_MANY;
  let n = estimatedMany ? countLimit + 1 : await amountLowerBound(db, actor, filter, countLimit + 1);
  if (n <= countLimit) n = await boundedCount(db, where, countLimit + 1);
  const keys = await pageKeys(db, where, {
    sort,
    dir,
    after,
    offset: after ? 0 : (page - 1) * pageSize,
    pageSize,
    few: n <= countLimit ? countLimit : null,
  });
  // The estimate was wrong after all (a short page): the count is read, so the total stays true.
  if (estimatedMany && keys.length < pageSize) n = await boundedCount(db, where, countLimit + 1);
  const byId = new Map(
    keys.length
      ? (
          await db
            .select(contractColumns)
            .from(contracts)
            .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
            .where(sql`${contracts.id} = any(${uuidArray(keys.map((k) => k.id))})`)
        ).map((r) => [r.id, r])
      : [],
  );
  const last = keys.length === pageSize ? keys[pageSize - 1] : undefined;
  return {
    items: keys.flatMap((k) => {
      const row = byId.get(k.id);
      return row ? [toContractDto(row)] : [];
    }),
    nextCursor: last ? encodeCursor(last.key, last.id) : null,
    total: n,
    totalExact: n <= countLimit,
    page,
    pageSize,
  };
}

/**
 * How far the planner's estimate must exceed the count limit before the bounded count is skipped:
 * counting up to 10,001 matches costs 20-40 ms at a million contracts, and an estimate of 200,000 or more
 * is never that far off for these filters (column statistics; the filters' selectivities are
 * independent in the planner's model). A page that comes back short is counted exactly anyway.
 */
const ESTIMATE_MANY = 20;

/**
 * The amount range is an OR of three ranges, which PostgreSQL answers with a bitmap of every match before
 * a count can stop (50 ms for 26,000 matches at a million contracts). One of the three alone (the amount
 * due) is a plain index range that stops at `upTo`, and a lower bound of the total: enough to know there
 * are more than the count limit. 0 when the search has no amount range.
 */
async function amountLowerBound(
  db: DbOrTx,
  actor: Actor,
  filter: ContractFilter,
  upTo: number,
): Promise<number> {
  // With a state, the state's index narrows the three ranges first (and the amount due of a contract not
  // yet approved is empty: the bound would read for nothing).
  if ((filter.amountFrom === undefined && filter.amountTo === undefined) || filter.state !== undefined)
    return 0;
  const others = contractWhere(actor, { ...filter, amountFrom: undefined, amountTo: undefined });
  const due = amountInRange(contracts.amountDue, filter.amountFrom, filter.amountTo);
  return boundedCount(db, and(others, due), upTo);
}

/** EXPLAIN's column and the plan's estimate, as PostgreSQL names them. */
const EXPLAIN_COLUMN = 'QUERY PLAN';
const PLAN_ROWS = 'Plan Rows';

/** The planner's estimate of the matches (EXPLAIN: planning only, nothing is read). */
export async function estimatedCount(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const [row] = await db.execute<Record<string, [{ Plan: Record<string, number> }]>>(
    sql`explain (format json) ${db.select({ one: sql`1` }).from(contracts).where(where)}`,
  );
  return Number(row?.[EXPLAIN_COLUMN]?.[0]?.Plan?.[PLAN_ROWS] ?? 0);
}

/** How many contracts match, reading at most `upTo` of them (an exact count reads every match). */
async function boundedCount(db: DbOrTx, where: SQL | undefined, upTo: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(db.select({ one: sql`1` }).from(contracts).where(where).limit(upTo).as('bounded'));
  return row?.n ?? 0;
}

type PageKey = { id: string; key: string | null };

/**
 * The ids of one page, in order, with each one's sort value as text (the cursor). Issue 13 asks every
 * filter and sort under 50 ms at a million contracts; one plan cannot do both ends:
 * - few matches (at most the count limit): the filter's own indexes find them, and they are sorted in
 *   memory. The LIMIT fences the subquery, so the planner cannot walk a sort index across a million rows
 *   looking for a handful of matches.
 * - many matches: a sort index read in order stops after one page ((value, id) indexes for every sort).
 *   Sorting by policy holder walks the holders by code and each holder's contracts by id (an incremental
 *   sort), contracts without a holder last ascending, first descending, as PostgreSQL orders nulls.
 */
async function pageKeys(
  db: DbOrTx,
  where: SQL | undefined,
  o: {
    sort: keyof typeof SORT_COLUMNS;
    dir: 'asc' | 'desc';
    after: string | undefined;
    offset: number;
    pageSize: number;
    few: number | null;
  },
): Promise<PageKey[]> {
  const col = SORT_COLUMNS[o.sort];
  const order = o.dir === 'desc' ? desc : asc;
  const keyset = o.after ? afterCursor(o.sort, o.dir, o.after) : undefined;
  if (o.few !== null || o.sort !== 'policyHolder') {
    const fenced = db
      .select({
        id: contracts.id,
        sortValue: sql`${col}`.as('sort_value'),
        key: sql<string | null>`${col}::text`.as('key'),
      })
      .from(contracts)
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
      .where(and(where, keyset));
    if (o.few === null)
      return fenced.orderBy(order(col), order(contracts.id)).limit(o.pageSize).offset(o.offset);
    const m = fenced.limit(o.few + 1).as('m');
    return db
      .select({ id: m.id, key: m.key })
      .from(m)
      .orderBy(order(m.sortValue), order(m.id))
      .limit(o.pageSize)
      .offset(o.offset);
  }
  // Many matches sorted by policy holder: two segments read in turn, holders then no holder (ascending).
  const byHolder = async (offset: number, limit: number, cursor?: [string, string]) => {
    const k = offset + limit;
    const dirSql = o.dir === 'desc' ? sql`desc` : sql`asc`;
    const cmp = o.dir === 'desc' ? sql`<` : sql`>`;
    const rows = await db.execute<PageKey>(sql`
      select c.id, p.code as key from ${policyHolders} p
      cross join lateral (
        select ${contracts.id} as id from ${contracts}
        where ${contracts.policyHolderId} = p.id and ${where ?? sql`true`}
          ${cursor ? sql`and (p.code <> ${cursor[0]} or ${contracts.id} ${cmp} ${cursor[1]})` : sql``}
        order by ${contracts.id} ${dirSql} limit ${k}) c
      ${cursor ? sql`where p.code ${o.dir === 'desc' ? sql`<=` : sql`>=`} ${cursor[0]}` : sql``}
      order by p.code ${dirSql}, c.id ${dirSql} limit ${limit} offset ${offset}`);
    return [...rows];
  };
  const noHolder = async (offset: number, limit: number, afterId?: string) =>
    db
      .select({ id: contracts.id, key: sql<string | null>`null` })
      .from(contracts)
      .where(
        and(
          where,
          sql`${contracts.policyHolderId} is null`,
          afterId ? sql`${contracts.id} ${o.dir === 'desc' ? sql`<` : sql`>`} ${afterId}` : undefined,
        ),
      )
      .orderBy(order(contracts.id))
      .limit(limit)
      .offset(offset);
  const cursor = o.after ? decodeCursor(o.after) : undefined;
  type Segment = {
    read: (offset: number, limit: number) => Promise<PageKey[]>;
    size: (upTo: number) => Promise<number>;
    holds: boolean;
  };
  const holders: Segment = {
    read: (offset, limit) =>
      byHolder(offset, limit, cursor && cursor[0] !== null ? [cursor[0], cursor[1]] : undefined),
    size: (upTo) => boundedCount(db, and(where, sql`${contracts.policyHolderId} is not null`), upTo),
    holds: cursor ? cursor[0] !== null : false,
  };
  const none: Segment = {
    read: (offset, limit) => noHolder(offset, limit, cursor && cursor[0] === null ? cursor[1] : undefined),
    size: (upTo) => boundedCount(db, and(where, sql`${contracts.policyHolderId} is null`), upTo),
    holds: cursor ? cursor[0] === null : false,
  };
  let segments = o.dir === 'asc' ? [holders, none] : [none, holders];
  // A cursor inside a segment skips the segments before it, and its own rows up to the cursor.
  if (cursor) segments = segments.slice(segments.findIndex((s) => s.holds));
  const out: PageKey[] = [];
  let offset = o.offset;
  for (const [i, segment] of segments.entries()) {
    const rows = await segment.read(offset, o.pageSize - out.length);
    out.push(...rows);
    if (out.length === o.pageSize || i === segments.length - 1) break;
    // The next segment starts where this one ends: skip what of the offset this segment did not use.
    offset = rows.length ? 0 : Math.max(0, offset - (await segment.size(offset)));
  }
  return out;
}

/** Ids of every contract a filter selects (for bulk actions on "all rows of the search"). */
export async function contractIdsFor(
  db: DbOrTx,
  actor: Actor,
  params: Record<string, unknown>,
  limit = 100_000,
) {
  requireOp(actor, 'read');
  const filter = parseInput(contractFilter, params);
  const rows = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(contractWhere(actor, filter))
    .orderBy(contracts.code, contracts.amendment)
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The query selecting the ids of every contract a filter selects, in the search's order (no limit). */
export function contractIdsQuery(actor: Actor, params: Record<string, unknown>): SQL {
  requireOp(actor, 'read');
  const filter = parseInput(contractFilter, params);
  const where = contractWhere(actor, filter);
  return sql`select ${contracts.id} as id from ${contracts} ${where ? sql`where ${where}` : sql``}
    order by ${contracts.code}, ${contracts.amendment}`;
}
