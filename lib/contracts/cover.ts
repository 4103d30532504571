import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { insurees } from '@/db/schema';
import { uuidArray } from '../bulk-insert';
import { familyConflicts, type RefusedDetail } from '../calculation/valuation';
import { ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import type { ContractRow } from './access';
import { ContractState } from './states';
import { loadValuationDetailsMany, type ValuationDetail } from './valuation-data';

/**
 * Who may be covered twice: nobody. A policy holder cannot have two live contracts covering the same
 * insuree for overlapping periods (outside one amendment chain, which shares its code), and one
 * contract covers a family once (see familyConflicts). Checked when the policy holder signs (submit)
 * and when the insurer signs (approve, one by one or in bulk).
 */

/**
 * States in which a contract covers its persons: approved (Executable, Effective, Executed, Disputed),
 * and Terminated up to its last day of cover (a manual termination's date, else the period's end).
 */
const COVERING = [ContractState.Executable, ContractState.Effective, 8, 9, ContractState.Terminated];
/** At submit a contract waiting for approval (Negotiable) counts too: the second signature would double it. */
const SIGNED = [ContractState.Negotiable, ...COVERING];

type Overlap = {
  contractId: string;
  otherId: string;
  otherCode: string;
  otherFrom: string;
  otherTo: string;
  insuranceNumber: string;
  firstName: string;
  lastName: string;
};

/**
 * Other contracts of the same policy holder, in `states` (or among `alsoIds`), whose period overlaps
 * and which cover a person the given contract covers. One set-based statement for the whole batch.
 */
async function findOverlaps(
  tx: Tx,
  contractIds: string[],
  states: number[],
  alsoIds: string[] = [],
): Promise<Overlap[]> {
  if (!contractIds.length) return [];
  const ids = uuidArray(contractIds);
  const also = alsoIds.length ? sql`or o.id = any(${uuidArray(alsoIds)})` : sql``;
  // A terminated contract covers until its termination date (its period's end when the daily job ended it).
  const otherTo = sql`(case when o.state = ${ContractState.Terminated} then least(o.date_valid_to, coalesce(o.date_terminated, o.date_valid_to)) else o.date_valid_to end)`;
  // Driven from the policy holder's contracts overlapping the period (contracts_policy_holder_idx), one
  // parameterised lookup per contract of the batch: `offset 0` keeps the lateral subquery from being
  // flattened into a join that the planner may then hash over a sequential scan of every contract (it did
  // when a person is on many contracts of one policy holder: 5x slower at 100 000 contracts, and growing).
  const rows = await tx.execute(sql`
    select distinct on (b.id, o.id) b.id as "contractId", o.id as "otherId", o.code as "otherCode",
      o.date_valid_from::text as "otherFrom", o.other_to::text as "otherTo",
      i.insurance_number as "insuranceNumber", i.first_name as "firstName", i.last_name as "lastName"
    from contracts b
    cross join lateral (
      select o.id, o.code, o.date_valid_from, ${otherTo} as other_to
      from contracts o
      where o.policy_holder_id = b.policy_holder_id and o.date_valid_from <= b.date_valid_to
        and o.id <> b.id and o.code <> b.code and o.is_deleted = false
        and (o.state in (${sql.join(
          states.map((s) => sql`${s}`),
          sql`, `,
        )}) ${also})
        and ${otherTo} >= b.date_valid_from
      offset 0) o
    join contract_details bd on bd.contract_id = b.id and bd.is_deleted = false
    join contract_details od on od.contract_id = o.id and od.insuree_id = bd.insuree_id and od.is_deleted = false
    join insurees i on i.id = bd.insuree_id
    where b.id = any(${ids})
    order by b.id, o.id, i.last_name, i.first_name, i.insurance_number`);
  return rows as unknown as Overlap[];
}

function overlapError(o: Overlap): ValidationError {
  return new ValidationError(
    err('contracts.alreadyCovered', {
      person: `${o.firstName} ${o.lastName} (${o.insuranceNumber})`,
      code: o.otherCode,
      from: o.otherFrom,
      to: o.otherTo,
    }),
  );
}

/** The message saying which line was refused and why (a family covered twice). */
export async function familyConflictError(tx: Tx, r: RefusedDetail): Promise<ValidationError> {
  const people = await tx
    .select({
      id: insurees.id,
      insuranceNumber: insurees.insuranceNumber,
      firstName: insurees.firstName,
      lastName: insurees.lastName,
    })
    .from(insurees)
    .where(inArray(insurees.id, [r.insureeId, r.coveredBy.insureeId]));
  const who = (id: string) => {
    const p = people.find((x) => x.id === id);
    return p ? `${p.firstName} ${p.lastName} (${p.insuranceNumber})` : id;
  };
  const message = err('contracts.familyAlreadyCovered', {
    person: who(r.insureeId),
    coveredBy: who(r.coveredBy.insureeId),
  });
  return new ValidationError(message, { insureeId: [message] });
}

/** Family conflicts of each contract (lines refused because their family is already covered). */
function familyRefusals(details: Map<string, ValuationDetail[]>): Map<string, RefusedDetail> {
  const out = new Map<string, RefusedDetail>();
  for (const [id, list] of details) {
    const [first] = familyConflicts(list);
    if (first) out.set(id, first);
  }
  return out;
}

/**
 * Transaction-scoped advisory locks on every insuree of the contracts, in one sorted order (the same
 * keys and order as the approval's), so two approvals of the same people serialise and the second
 * sees the first's result.
 */
async function lockInsurees(tx: Tx, contractIds: string[]) {
  await tx.execute(sql`
    select pg_advisory_xact_lock(k) from (
      select distinct hashtextextended(insuree_id::text, 7) as k from contract_details
      where contract_id = any(${uuidArray(contractIds)}) and is_deleted = false
      order by k) s`);
}

/**
 * What screening an approval batch found: the contracts to refuse (with why), and the valuation details
 * it loaded under the insurees' locks, which the approval then values (one load per batch, not three).
 */
export type Screening = {
  refused: Map<string, ValidationError>;
  details: Map<string, ValuationDetail[]>;
};

/**
 * Which contracts of an approval batch (locked, Negotiable) must be refused, and why. Taken in batch
 * order: a contract is refused when it covers a family twice, when an approved contract of its policy
 * holder already covers one of its persons for an overlapping period, or when an earlier contract of
 * the same batch that is not itself refused does. Leaves the batch's insurees locked until commit.
 */
export async function screenApprovals(tx: Tx, batch: ContractRow[]): Promise<Screening> {
  const refused = new Map<string, ValidationError>();
  if (!batch.length) return { refused, details: new Map() };
  const ids = batch.map((c) => c.id);
  await lockInsurees(tx, ids);
  const overlaps = await findOverlaps(tx, ids, COVERING, ids);
  const details = await loadValuationDetailsMany(tx, ids);
  const families = familyRefusals(details);
  const position = new Map(ids.map((id, i) => [id, i]));
  for (const c of batch) {
    const family = families.get(c.id);
    if (family) {
      refused.set(c.id, await familyConflictError(tx, family));
      continue;
    }
    const clash = overlaps.find(
      (o) =>
        o.contractId === c.id &&
        (!position.has(o.otherId) ||
          (position.get(o.otherId)! < position.get(c.id)! && !refused.has(o.otherId))),
    );
    if (clash) refused.set(c.id, overlapError(clash));
  }
  return { refused, details };
}

/** Refuses the approval when any contract of the batch is refused by screenApprovals; else its details. */
export async function assertCoverFree(tx: Tx, batch: ContractRow[]): Promise<Map<string, ValuationDetail[]>> {
  const { refused, details } = await screenApprovals(tx, batch);
  const [first] = refused.values();
  if (first) throw first;
  return details;
}

/**
 * At the policy holder's signature: no line covering a family twice, and no person already on another
 * signed contract (waiting for approval or approved) of the policy holder for an overlapping period.
 */
export async function assertSubmittable(tx: Tx, contract: ContractRow): Promise<void> {
  const family = familyRefusals(await loadValuationDetailsMany(tx, [contract.id])).get(contract.id);
  if (family) throw await familyConflictError(tx, family);
  const [clash] = await findOverlaps(tx, [contract.id], SIGNED);
  if (clash) throw overlapError(clash);
}

/** At add-line time: the new line must not cover a family the contract already covers. */
export async function assertLineNotDuplicate(tx: Tx, contractId: string, detailId: string): Promise<void> {
  const details = (await loadValuationDetailsMany(tx, [contractId])).get(contractId) ?? [];
  const refused = familyConflicts(details).find((r) => r.detailId === detailId);
  if (refused) throw await familyConflictError(tx, refused);
}
