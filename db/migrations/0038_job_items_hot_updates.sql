DROP INDEX "job_items_pending_idx";--> statement-breakpoint
DROP INDEX "job_items_failed_idx";--> statement-breakpoint
-- Each item is marked once (pending → done, failed or held) and its row has room for that on its page:
-- the update writes no index (HOT). Workers claim items in seq order from a cursor (lib/jobs/runner.ts).
ALTER TABLE "job_items" SET (fillfactor = 50);
