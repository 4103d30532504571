'use server';
import { redirect } from 'next/navigation';
import { runAction } from '@/lib/action';
import { invoicePolicyHolders } from '@/lib/billing/invoice-policy-holders';
import { generateContracts } from '@/lib/contracts/generate';
import { addPolicyHolderBundle, removePolicyHolderBundle } from '@/lib/policy-holders/insurees';
import {
  createPolicyHolder,
  deletePolicyHolder,
  updatePolicyHolder,
} from '@/lib/policy-holders/policy-holders';

const LIST = '/policy-holders';
const card = (id: string) => `/policy-holders/${id}`;

export async function createPolicyHolderAction(input: unknown) {
  return runAction((db, actor) => createPolicyHolder(db, actor, input), { revalidate: [LIST] });
}

export async function updatePolicyHolderAction(input: { id: string; [field: string]: unknown }) {
  return runAction((db, actor) => updatePolicyHolder(db, actor, input), {
    revalidate: [LIST, card(input.id)],
  });
}

export async function deletePolicyHolderAction(input: { id: string; version: number }) {
  const result = await runAction((db, actor) => deletePolicyHolder(db, actor, input), { revalidate: [LIST] });
  // redirect() throws; it must run outside the wrapper's try/catch.
  if (result.ok) redirect(LIST);
  return result;
}

export async function addPolicyHolderBundleAction(input: { policyHolderId: string; bundleId: string }) {
  return runAction((db, actor) => addPolicyHolderBundle(db, actor, input), {
    revalidate: [card(input.policyHolderId)],
  });
}

export async function removePolicyHolderBundleAction(input: { policyHolderId: string; bundleId: string }) {
  return runAction((db, actor) => removePolicyHolderBundle(db, actor, input), {
    revalidate: [card(input.policyHolderId)],
  });
}

export async function generateContractsAction(input: {
  policyHolderIds?: string[];
  filter?: { q?: string };
  dateValidFrom: string;
  dateValidTo: string;
}) {
  return runAction((db, actor) => generateContracts(db, actor, input), { revalidate: ['/contracts', LIST] });
}

/** Invoices every executable or effective contract of the chosen policy holders (UCP-1). */
export async function invoicePolicyHoldersAction(input: {
  policyHolderIds?: string[];
  filter?: { q?: string };
}) {
  return runAction((db, actor) => invoicePolicyHolders(db, actor, input), {
    revalidate: ['/contracts', LIST],
  });
}
