/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL (with `-- --seed` also the demo
 * data, else the standard roles), under the setup lock, so it is safe while instances start.
 */
import { setupDatabase } from '../db/setup';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set. (`npm start` migrates the embedded database by itself.)');
  process.exit(1);
}
const result = await setupDatabase(url, { demo: process.argv.includes('--seed') });
console.log('migrations applied');
if (result.demoLoaded) console.log('demo data loaded');
if (result.needsFirstAdmin) console.log('no administrator yet: npm run admin:create -- --email … --name …');
