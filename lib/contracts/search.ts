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
import { ValidationError } from '../errors';
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
    f.insureeId
      ? sql`exists (select 1 from ${contractDetails} d where d.contract_id = ${contracts.id} and d.insuree_id = ${f.insureeId} and d.is_deleted = false)`
      : undefined,
    usesWhere(f),
    amountWhere(f.amountFrom, f.amountTo),
    f.datePaymentDue ? eq(contracts.datePaymentDue, f.datePaymentDue) : undefined,
    f.state !== undefined ? eq(contracts.state, f.state) : undefined,
    f.amendment !== undefined ? eq(contracts.amendment, f.amendment) : undefined,
    // Period filters select contracts whose validity overlaps [valid from, valid to].
    f.dateValidFrom ? gte(contracts.dateValidTo, f.dateValidFrom) : undefined,
    f.dateValidTo ? lte(contracts.dateValidFrom, f.dateValidTo) : undefined,
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
  const inRange = (column: AnyPgColumn) =>
    and(from !== undefined ? gte(column, from) : undefined, to !== undefined ? lte(column, to) : undefined);
  return or(
    inRange(contracts.amountNotified),
    inRange(contracts.amountRectified),
    inRange(contracts.amountDue),
  );
}

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
    throw new ValidationError('This page link is not valid any more; start again from the first page.');
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
  const order = dir === 'desc' ? desc : asc;
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...contractColumns, sortKey: sql<string | null>`${SORT_COLUMNS[sort]}::text` })
      .from(contracts)
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
      .where(after ? and(where, afterCursor(sort, dir, after)) : where)
      .orderBy(order(SORT_COLUMNS[sort]), order(contracts.id))
      .limit(pageSize)
      .offset(after ? 0 : (page - 1) * pageSize),
    db.select({ n: count() }).from(
      db
        .select({ one: sql`1` })
        .from(contracts)
        .where(where)
        .limit(countLimit + 1)
        .as('bounded'),
    ),
  ]);
  const n = total?.n ?? 0;
  const last = rows.length === pageSize ? rows[pageSize - 1] : undefined;
  return {
    items: rows.map(({ sortKey: _, ...row }) => toContractDto(row)),
    nextCursor: last ? encodeCursor(last.sortKey, last.id) : null,
    total: n,
    totalExact: n <= countLimit,
    page,
    pageSize,
  };
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
