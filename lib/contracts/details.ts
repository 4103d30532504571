import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import {
  contractDetails,
  contracts,
  contributionPlanBundles,
  insurees,
  policyHolderInsurees,
} from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { assertFound, assertVersion, changedValues } from '../concurrency';
import { ConflictError, isUniqueViolation, NotFoundError, ValidationError } from '../errors';
import { err, label } from '../i18n/keyed';
import { assertBundleAllowed, insureeScope, validateParams } from '../policy-holders/insurees';
import { detailAdd, detailRemove, detailUpdate } from '../validation/contract';
import { parseInput } from '../validation/parse';
import { assertEditable, type ContractRow, contractScope, lockContract, requireEditRight } from './access';
import { getContract, touchContract } from './contracts';
import { assertLineNotDuplicate } from './cover';

export type ContractDetailDto = {
  id: string;
  version: number;
  insureeId: string;
  insuranceNumber: string;
  firstName: string;
  lastName: string;
  bundleId: string;
  bundleCode: string;
  bundleName: string;
  calculationParams: Record<string, unknown>;
};

export async function listContractDetails(
  db: DbOrTx,
  actor: Actor,
  contractId: string,
): Promise<ContractDetailDto[]> {
  await getContract(db, actor, contractId, { includeDeleted: true }); // scope and read right
  return db
    .select({
      id: contractDetails.id,
      version: contractDetails.version,
      insureeId: contractDetails.insureeId,
      insuranceNumber: insurees.insuranceNumber,
      firstName: insurees.firstName,
      lastName: insurees.lastName,
      bundleId: contractDetails.bundleId,
      bundleCode: contributionPlanBundles.code,
      bundleName: contributionPlanBundles.name,
      calculationParams: contractDetails.calculationParams,
    })
    .from(contractDetails)
    .innerJoin(insurees, eq(insurees.id, contractDetails.insureeId))
    .innerJoin(contributionPlanBundles, eq(contributionPlanBundles.id, contractDetails.bundleId))
    .where(and(eq(contractDetails.contractId, contractId), eq(contractDetails.isDeleted, false)))
    .orderBy(asc(insurees.lastName), asc(insurees.firstName));
}

/** The policy holder's current line for an insuree during the contract period, if any. */
async function policyHolderLine(tx: Tx, contract: ContractRow, insureeId: string) {
  if (!contract.policyHolderId) return undefined;
  const [line] = await tx
    .select()
    .from(policyHolderInsurees)
    .where(
      and(
        eq(policyHolderInsurees.policyHolderId, contract.policyHolderId),
        eq(policyHolderInsurees.insureeId, insureeId),
        eq(policyHolderInsurees.isDeleted, false),
        lte(policyHolderInsurees.dateValidFrom, contract.dateValidTo),
        or(
          isNull(policyHolderInsurees.dateValidTo),
          gte(policyHolderInsurees.dateValidTo, contract.dateValidFrom),
        ),
      ),
    )
    .orderBy(policyHolderInsurees.dateValidFrom);
  return line;
}

async function checkBundleAndParams(
  tx: Tx,
  contract: ContractRow,
  bundleId: string,
  params: Record<string, unknown>,
) {
  if (contract.policyHolderId) await assertBundleAllowed(tx, contract.policyHolderId, bundleId);
  return validateParams(tx, bundleId, params);
}

export async function addContractDetail(db: DbOrTx, actor: Actor, input: unknown): Promise<{ id: string }> {
  requireEditRight(actor);
  const data = parseInput(detailAdd, input);
  try {
    return await db.transaction(async (tx) => {
      const contract = await lockContract(tx, actor, data.contractId, data.contractVersion);
      assertEditable(actor, contract);
      const [insuree] = await tx
        .select({ id: insurees.id })
        .from(insurees)
        .where(and(eq(insurees.id, data.insureeId), eq(insurees.isDeleted, false), insureeScope(actor)));
      if (!insuree)
        throw new NotFoundError(err('notFound', { label: label('insuree') }), {
          insureeId: [err('notFound', { label: label('insuree') })],
        });
      if (!contract.policyHolderId) {
        const msg = err('contracts.setPolicyHolderAdding');
        throw new ValidationError(msg, { insureeId: [msg] });
      }
      const line = await policyHolderLine(tx, contract, data.insureeId);
      if (!line) {
        const msg = err('contracts.personNotCurrentInsuree');
        throw new ValidationError(msg, { insureeId: [msg] });
      }
      // The bundle is the policy holder's declaration of the person, never the caller's choice.
      const bundleId = line.bundleId;
      if (!bundleId) {
        const msg = err('contracts.policyHolderDeclaredNo');
        throw new ValidationError(msg, { insureeId: [msg] });
      }
      const params = await checkBundleAndParams(tx, contract, bundleId, {
        ...(line.calculationParams ?? {}),
        ...(data.calculationParams ?? {}),
      });
      const [row] = await tx
        .insert(contractDetails)
        .values({
          contractId: contract.id,
          insureeId: data.insureeId,
          policyHolderInsureeId: line.id,
          bundleId,
          calculationParams: params,
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning({ id: contractDetails.id });
      assertFound(row, 'contractDetail');
      // A family is covered once per contract: say which line is refused and why (rolls the insert back).
      await assertLineNotDuplicate(tx, contract.id, row.id);
      await writeAudit(tx, actor, [
        {
          operation: 'add_detail',
          entity: 'contract_detail',
          entityId: row.id,
          changes: diffFields(null, {
            contractId: contract.id,
            insureeId: data.insureeId,
            bundleId,
            calculationParams: params,
          }),
        },
      ]);
      await touchContract(tx, actor, contract, 'add_detail');
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e, 'contract_details_insuree_uq')) {
      const msg = err('contracts.personAlreadyContract');
      throw new ConflictError(msg, { insureeId: [msg] });
    }
    throw e;
  }
}

/** The right first, then the row within the actor's scope: another tenant's detail is never locked. */
async function lockDetail(tx: Tx, actor: Actor, id: string, version?: number) {
  requireEditRight(actor);
  const [found] = await tx
    .select({ detail: contractDetails })
    .from(contractDetails)
    .innerJoin(contracts, eq(contracts.id, contractDetails.contractId))
    .where(and(eq(contractDetails.id, id), eq(contractDetails.isDeleted, false), contractScope(actor)))
    .for('update', { of: contractDetails });
  assertFound(found, 'contractDetail');
  const { detail } = found;
  const contract = await lockContract(tx, actor, detail.contractId);
  assertVersion(detail, version, 'contractDetail');
  assertEditable(actor, contract);
  return { detail, contract };
}

export async function updateContractDetail(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  const data = parseInput(detailUpdate, input);
  await db.transaction(async (tx) => {
    const { detail, contract } = await lockDetail(tx, actor, data.id, data.version);
    // Only the calculation parameters change; the bundle stays the policy holder's declaration.
    const params = await checkBundleAndParams(
      tx,
      contract,
      detail.bundleId,
      data.calculationParams ?? detail.calculationParams,
    );
    const changes = changedValues(detail, { calculationParams: params });
    if (!Object.keys(changes).length) return;
    await tx
      .update(contractDetails)
      .set({ ...changes, version: detail.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(contractDetails.id, detail.id));
    await writeAudit(tx, actor, [
      {
        operation: 'update_detail',
        entity: 'contract_detail',
        entityId: detail.id,
        changes: diffFields(detail, changes),
      },
    ]);
    await touchContract(tx, actor, contract, 'update_detail');
  });
}

export async function removeContractDetail(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  const data = parseInput(detailRemove, input);
  await db.transaction(async (tx) => {
    const { detail, contract } = await lockDetail(tx, actor, data.id, data.version);
    await tx
      .update(contractDetails)
      .set({ isDeleted: true, version: detail.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(contractDetails.id, detail.id));
    await writeAudit(tx, actor, [
      {
        operation: 'remove_detail',
        entity: 'contract_detail',
        entityId: detail.id,
        changes: [{ field: 'isDeleted', oldValue: 'false', newValue: 'true' }],
      },
    ]);
    await touchContract(tx, actor, contract, 'remove_detail');
  });
}
