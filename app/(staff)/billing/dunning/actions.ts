'use server';
import { runAction } from '@/lib/action';
import { holdDunning, releaseDunningHold } from '@/lib/dunning/holds';
import { runDunning } from '@/lib/dunning/run';

/** Runs dunning for a day (what the daily job does for today), and answers what it did. */
export async function runDunningAction(input: { [field: string]: unknown }) {
  return runAction((db, actor) => runDunning(db, actor, input), { revalidate: ['/billing/dunning'] });
}

export async function holdDunningAction(input: { policyHolderId: string; [field: string]: unknown }) {
  return runAction(
    async (db, actor) => {
      const hold = await holdDunning(db, actor, input);
      return { id: hold.id, until: hold.until };
    },
    { revalidate: ['/billing/dunning', `/policy-holders/${input.policyHolderId}`] },
  );
}

export async function releaseDunningHoldAction(input: { [field: string]: unknown }) {
  return runAction((db, actor) => releaseDunningHold(db, actor, input), {
    revalidate: ['/billing/dunning', '/policy-holders'],
  });
}
