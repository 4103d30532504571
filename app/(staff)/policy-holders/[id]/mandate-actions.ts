'use server';
import { runAction } from '@/lib/action';
import { createMandate, revokeMandate } from '@/lib/collection/mandates';

export async function createMandateAction(input: { [field: string]: unknown }) {
  return runAction(
    async (db, actor) => {
      const m = await createMandate(db, actor, input);
      return { id: m.id, reference: m.reference };
    },
    { revalidate: [`/policy-holders/${String(input.policyHolderId)}`] },
  );
}

export async function revokeMandateAction(input: { [field: string]: unknown }) {
  return runAction(async (db, actor) => {
    const m = await revokeMandate(db, actor, input);
    return { id: m.id, status: m.status };
  });
}
