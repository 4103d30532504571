/**
 * `npm run jobs:outbox`: delivers the due mails of the outbox once, by hand (the queue's workers do it
 * every minute when RESEND_API_KEY is set). Works beside a running `npm start` (same database).
 */
import { deliverPending, transportFromEnv } from '../lib/notifications/sender';
import { withJobDb } from './job-db';

const transport = transportFromEnv();
if (!transport) {
  console.log('outbox: RESEND_API_KEY is not set; mails stay in the outbox (see /admin/outbox).');
} else {
  await withJobDb(async (db) => {
    const total = { sent: 0, retrying: 0, failed: 0 };
    // Batches until nothing is due; each batch claims its mails, so two runs never send one twice.
    for (;;) {
      const r = await deliverPending(db, transport, { limit: 50 });
      total.sent += r.sent;
      total.retrying += r.retrying;
      total.failed += r.failed;
      if (r.sent + r.retrying + r.failed + r.lost < 50) break;
    }
    console.log(`outbox: ${total.sent} sent, ${total.retrying} to retry later, ${total.failed} failed`);
  });
}
