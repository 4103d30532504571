'use server';
import { runAction } from '@/lib/action';
import { importStatement } from '@/lib/bank/import';
import { markBankLineNotOurs, matchBankLine, searchOpenInstallments } from '@/lib/bank/reconciliation';

const revalidate = ['/billing/reconciliation'];

export async function importStatementAction(input: { [field: string]: unknown }) {
  return runAction((db, actor) => importStatement(db, actor, input), { revalidate });
}

export async function searchOpenInstallmentsAction(input: { [field: string]: unknown }) {
  return runAction((db, actor) => searchOpenInstallments(db, actor, input));
}

export async function matchBankLineAction(input: { [field: string]: unknown }) {
  return runAction((db, actor) => matchBankLine(db, actor, input), { revalidate });
}

export async function markBankLineNotOursAction(input: { [field: string]: unknown }) {
  return runAction((db, actor) => markBankLineNotOurs(db, actor, input), { revalidate });
}
