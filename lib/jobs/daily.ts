import type { DbOrTx } from '@/db/client';
import { purgeExpiredIdempotencyKeys } from '../api/idempotency';
import { systemActor } from '../auth/actor';
import { pruneSessions } from '../auth/sessions';
import { pruneSignInAttempts } from '../auth/throttle';
import { expireMandates } from '../collection/mandates';
import { autoRenewContracts, terminateExpiredContracts } from '../contracts/transitions';
import { todayIso } from '../dates';
import { type DunningRunResult, runDailyDunning } from '../dunning/run';

/**
 * The daily job, safe to run twice: auto-renew contracts ending within PACTUM_RENEW_DAYS_BEFORE days get
 * their next period's contract (UC3-14, once each); effective contracts whose period has ended become
 * Terminated; and API Idempotency-Keys older than 24 hours (already ignored, lib/api/idempotency.ts) are
 * deleted, as are sign-in throttle counters idle for a day and expired browser sessions. Renewal runs
 * before termination, so that a contract that ended while the job was not running is still renewed.
 * Dunning (issue 14, lib/dunning/run.ts) moves the arrears of the day through their product's levels.
 * SEPA mandates unused for 36 months expire (issue 14).
 */
export async function runDailyJobs(
  db: DbOrTx,
  today = todayIso(),
): Promise<{
  renewed: number;
  renewalsFailed: { id: string; error: string }[];
  terminated: number;
  idempotencyKeysPurged: number;
  signInCountersPruned: number;
  sessionsPruned: number;
  dunning: DunningRunResult;
  mandatesExpired: number;
}> {
  const { renewed, failed } = await autoRenewContracts(
    db,
    systemActor(['contract.renew', 'contract.read']),
    today,
  );
  // Dunning before the period-end terminations: arrears on a contract ending today are still dunned.
  const dunning = await runDailyDunning(db, today);
  const terminated = await terminateExpiredContracts(db, systemActor(['contract.approve']), today);
  const idempotencyKeysPurged = await purgeExpiredIdempotencyKeys(db);
  const signInCountersPruned = await pruneSignInAttempts(db);
  const sessionsPruned = await pruneSessions(db);
  const mandatesExpired = await expireMandates(db, today);
  return {
    renewed,
    renewalsFailed: failed,
    terminated,
    idempotencyKeysPurged,
    signInCountersPruned,
    sessionsPruned,
    dunning,
    mandatesExpired,
  };
}
