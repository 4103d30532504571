'use server';
import { redirect } from 'next/navigation';
import { runAction } from '@/lib/action';
import { createInvoice } from '@/lib/billing/invoices';
import { recordPayment, refundCredit, reverseReceipt } from '@/lib/billing/receipts';
import { addComment } from '@/lib/comments/comments';
import {
  createContract,
  deleteContract,
  isContractCodeFree,
  updateContract,
} from '@/lib/contracts/contracts';
import { addContractDetail, removeContractDetail, updateContractDetail } from '@/lib/contracts/details';
import {
  amendContract,
  approveContract,
  counterContract,
  renewContract,
  setAutoRenew,
  submitContract,
  terminateContract,
} from '@/lib/contracts/transitions';
import { InvalidRequestError } from '@/lib/errors';
import { err } from '@/lib/i18n/keyed';
import { searchInsurees } from '@/lib/policy-holders/insurees';
import { searchPolicyHolders } from '@/lib/policy-holders/policy-holders';

// The same card is served to staff and to the portal; both views are refreshed after a change.
const LIST = ['/contracts', '/portal'];
const card = (id: string) => [`/contracts/${id}`, `/portal/contracts/${id}`];
type Input = { [field: string]: unknown };

export async function createContractAction(input: Input) {
  return runAction((db, actor) => createContract(db, actor, input), { revalidate: [...LIST] });
}

export async function updateContractAction(input: Input & { id: string }) {
  return runAction((db, actor) => updateContract(db, actor, input), {
    revalidate: [...LIST, ...card(input.id)],
  });
}

export async function deleteContractAction(input: { id: string; version?: number }, goToList = false) {
  const result = await runAction((db, actor) => deleteContract(db, actor, input), { revalidate: [...LIST] });
  if (result.ok && goToList) redirect('/contracts');
  return result;
}

const TRANSITIONS = {
  submit: submitContract,
  approve: approveContract,
  counter: counterContract,
  terminate: terminateContract,
  amend: amendContract,
  renew: renewContract,
} as const;
export type TransitionName = keyof typeof TRANSITIONS;

export async function transitionAction(
  name: TransitionName,
  input: { id: string; version?: number; comment?: string; dateTerminated?: string },
) {
  // The name comes from the client: only the table's own entries, never Object.prototype's members.
  const op = Object.hasOwn(TRANSITIONS, name) ? TRANSITIONS[name] : undefined;
  return runAction(
    async (db, actor) => {
      if (!op) throw new InvalidRequestError(err('common.unknownAction'));
      const c = await op(db, actor, input);
      return { id: c.id, version: c.version, state: c.state };
    },
    { revalidate: [...LIST, ...card(input.id)] },
  );
}

export async function setAutoRenewAction(input: { id: string; version: number; autoRenew: boolean }) {
  return runAction(
    async (db, actor) => {
      const c = await setAutoRenew(db, actor, input);
      return { version: c.version, autoRenew: c.autoRenew };
    },
    { revalidate: [...card(input.id)] },
  );
}

export async function createInvoiceAction(contractId: string) {
  return runAction((db, actor) => createInvoice(db, actor, { contractId }), {
    revalidate: [...card(contractId)],
  });
}

export async function recordPaymentAction(input: { contractId: string; [field: string]: unknown }) {
  return runAction((db, actor) => recordPayment(db, actor, input), {
    revalidate: [...LIST, ...card(input.contractId)],
  });
}

export async function reverseReceiptAction(contractId: string, input: Input) {
  return runAction(
    async (db, actor) => {
      await reverseReceipt(db, actor, input);
      return { contractId };
    },
    { revalidate: [...LIST, ...card(contractId)] },
  );
}

export async function refundCreditAction(input: { contractId: string; [field: string]: unknown }) {
  return runAction(
    async (db, actor) => {
      const r = await refundCredit(db, actor, input);
      return { refunded: r.refunded };
    },
    { revalidate: [...card(input.contractId)] },
  );
}

export async function addDetailAction(input: { contractId: string; [field: string]: unknown }) {
  return runAction((db, actor) => addContractDetail(db, actor, input), {
    revalidate: [...card(input.contractId)],
  });
}

export async function updateDetailAction(contractId: string, input: Input) {
  return runAction((db, actor) => updateContractDetail(db, actor, input), {
    revalidate: [...card(contractId)],
  });
}

export async function removeDetailAction(contractId: string, input: { id: string; version?: number }) {
  return runAction((db, actor) => removeContractDetail(db, actor, input), {
    revalidate: [...card(contractId)],
  });
}

export async function checkCodeAction(code: string, exceptId?: string) {
  return runAction((db, actor) => isContractCodeFree(db, actor, code, exceptId));
}

export async function findPolicyHoldersAction(q: string) {
  return runAction(async (db, actor) => {
    const r = await searchPolicyHolders(db, actor, { q, pageSize: '10' });
    return r.items.map((p) => ({ id: p.id, code: p.code, tradeName: p.tradeName }));
  });
}

export async function findInsureesAction(q: string) {
  return runAction((db, actor) => searchInsurees(db, actor, q));
}

export async function addCommentAction(input: { contractId: string; body: string; internal?: boolean }) {
  return runAction(
    async (db, actor) => {
      const c = await addComment(db, actor, input);
      return { id: c.id };
    },
    { revalidate: [...card(input.contractId)] },
  );
}
