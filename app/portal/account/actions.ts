'use server';
import { runAction } from '@/lib/action';
import { giveMandate } from '@/lib/collection/mandates';

/** A portal user gives a SEPA mandate for a policy holder they act for (the service checks which). */
export async function giveMandateAction(input: { [field: string]: unknown }) {
  return runAction(
    async (db, actor) => {
      const m = await giveMandate(db, actor, input);
      return { reference: m.reference };
    },
    { revalidate: ['/portal/account'] },
  );
}
