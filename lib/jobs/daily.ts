import type { DbOrTx } from '@/db/client';
import { systemActor } from '../auth/actor';
import { terminateExpiredContracts } from '../contracts/transitions';
import { todayIso } from '../dates';

/** The daily job: effective contracts whose period has ended become Terminated. Safe to run twice. */
export async function runDailyJobs(db: DbOrTx, today = todayIso()): Promise<{ terminated: number }> {
  const terminated = await terminateExpiredContracts(db, systemActor(['contract.approve']), today);
  return { terminated };
}
