/** `npm run db:migrate`: applies the committed migrations (and the demo data with --seed) to DATABASE_URL. */
import { openDb } from '../db/client';
import { migrateDb } from '../db/migrate';
import { seedDemo } from '../db/seed/demo';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set. (`npm start` migrates the embedded database by itself.)');
  process.exit(1);
}
const handle = openDb(url, { max: 1 });
try {
  await migrateDb(handle.db);
  console.log('migrations applied');
  if (process.argv.includes('--seed') && (await seedDemo(handle.db))) console.log('demo data loaded');
} finally {
  await handle.close();
}
