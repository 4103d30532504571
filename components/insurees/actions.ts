'use server';
import { runAction } from '@/lib/action';
import {
  addPolicyHolderInsuree,
  removePolicyHolderInsuree,
  searchInsurees,
  updatePolicyHolderInsuree,
} from '@/lib/policy-holders/insurees';

// The insuree list is worked by staff on the policy holder card and by the policy holder in the portal.
const paths = (policyHolderId: string) => [`/policy-holders/${policyHolderId}`, '/portal/insurees'];

export async function addPolicyHolderInsureeAction(input: {
  policyHolderId: string;
  [field: string]: unknown;
}) {
  return runAction((db, actor) => addPolicyHolderInsuree(db, actor, input), {
    revalidate: paths(input.policyHolderId),
  });
}

export async function updatePolicyHolderInsureeAction(input: {
  id: string;
  policyHolderId: string;
  [field: string]: unknown;
}) {
  return runAction((db, actor) => updatePolicyHolderInsuree(db, actor, input), {
    revalidate: paths(input.policyHolderId),
  });
}

export async function removePolicyHolderInsureeAction(input: {
  id: string;
  version: number;
  policyHolderId: string;
}) {
  return runAction((db, actor) => removePolicyHolderInsuree(db, actor, input), {
    revalidate: paths(input.policyHolderId),
  });
}

export async function searchInsureesAction(q: string) {
  return runAction((db, actor) => searchInsurees(db, actor, q));
}
