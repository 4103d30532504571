'use server';
import { redirect } from 'next/navigation';
import { runAction } from '@/lib/action';
import {
  addPolicyHolderBundle,
  addPolicyHolderInsuree,
  removePolicyHolderBundle,
  removePolicyHolderInsuree,
  searchInsurees,
  updatePolicyHolderInsuree,
} from '@/lib/policy-holders/insurees';
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

export async function addPolicyHolderInsureeAction(input: {
  policyHolderId: string;
  [field: string]: unknown;
}) {
  return runAction((db, actor) => addPolicyHolderInsuree(db, actor, input), {
    revalidate: [card(input.policyHolderId)],
  });
}

export async function updatePolicyHolderInsureeAction(input: {
  id: string;
  policyHolderId: string;
  [field: string]: unknown;
}) {
  return runAction((db, actor) => updatePolicyHolderInsuree(db, actor, input), {
    revalidate: [card(input.policyHolderId)],
  });
}

export async function removePolicyHolderInsureeAction(input: {
  id: string;
  version: number;
  policyHolderId: string;
}) {
  return runAction((db, actor) => removePolicyHolderInsuree(db, actor, input), {
    revalidate: [card(input.policyHolderId)],
  });
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

export async function searchInsureesAction(q: string) {
  return runAction((db, actor) => searchInsurees(db, actor, q));
}
