'use server';
import { runAction } from '@/lib/action';
import { previewBillingRun, runBilling } from '@/lib/billing/runs';

export async function previewBillingRunAction(input: { [field: string]: unknown }) {
  return runAction((db, actor) => previewBillingRun(db, actor, input));
}

export async function runBillingAction(input: { [field: string]: unknown }) {
  return runAction(
    async (db, actor) => {
      const run = await runBilling(db, actor, input);
      return { id: run.id, invoices: run.invoices, failed: run.failed, amount: run.amount };
    },
    { revalidate: ['/billing/runs', '/invoices'] },
  );
}
