/**
 * `npm run jobs:outbox`: delivers the due mails of the outbox once (the running server also does this
 * every 30 s when RESEND_API_KEY is set), for an external scheduler (PACTUM_DISABLE_SCHEDULER=1). On the
 * embedded database it needs the server stopped: the data directory has a single owner.
 */
import path from 'node:path';
import { openDb } from '../db/client';
import { migrateDb } from '../db/migrate';
import { deliverPending, transportFromEnv } from '../lib/notifications/sender';
import { startEmbeddedDb } from './embedded-db';

const transport = transportFromEnv();
if (!transport) {
  console.log('outbox: RESEND_API_KEY is not set; mails stay in the outbox (see /admin/outbox).');
  process.exit(0);
}
const root = path.resolve(import.meta.dirname, '..');
let url = process.env.DATABASE_URL;
const embedded = url
  ? undefined
  : await startEmbeddedDb(path.resolve(root, process.env.PACTUM_DATA_DIR ?? '.data/pglite'));
url ??= embedded!.url;
const handle = openDb(url, { max: 1, noPrepare: !!embedded });
try {
  await migrateDb(handle.db);
  let total = { sent: 0, retrying: 0, failed: 0 };
  // Batches until nothing is due; each batch claims its mails, so two runs never send one twice.
  for (;;) {
    const r = await deliverPending(handle.db, transport, { limit: 50 });
    total = {
      sent: total.sent + r.sent,
      retrying: total.retrying + r.retrying,
      failed: total.failed + r.failed,
    };
    if (r.sent + r.retrying + r.failed < 50) break;
  }
  console.log(`outbox: ${total.sent} sent, ${total.retrying} to retry later, ${total.failed} failed`);
} finally {
  await handle.close();
  await embedded?.stop();
}
