import type { DbOrTx } from '@/db/client';
import { purgeExpiredIdempotencyKeys } from '../api/idempotency';
import { systemActor } from '../auth/actor';
import { terminateExpiredContracts } from '../contracts/transitions';
import { todayIso } from '../dates';

/**
 * The daily job, safe to run twice: effective contracts whose period has ended become Terminated, and
 * API Idempotency-Keys older than 24 hours (already ignored, lib/api/idempotency.ts) are deleted.
 */
export async function runDailyJobs(
  db: DbOrTx,
  today = todayIso(),
): Promise<{ terminated: number; idempotencyKeysPurged: number }> {
  const terminated = await terminateExpiredContracts(db, systemActor(['contract.approve']), today);
  const idempotencyKeysPurged = await purgeExpiredIdempotencyKeys(db);
  return { terminated, idempotencyKeysPurged };
}
