'use server';
import { runAction } from '@/lib/action';
import { type BulkOp, bulkContracts } from '@/lib/contracts/bulk';
import { contractIdsFor } from '@/lib/contracts/search';

export async function bulkAction(
  op: BulkOp,
  input: { ids?: string[]; filter?: Record<string, unknown>; comment?: string },
) {
  return runAction((db, actor) => bulkContracts(db, actor, op, input), { revalidate: ['/contracts'] });
}

/** The ids a search selects, fixed before a bulk run so that it can go in chunks with progress. */
export async function bulkIdsAction(filter: Record<string, unknown>) {
  return runAction((db, actor) => contractIdsFor(db, actor, filter));
}
