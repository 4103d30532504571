import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * `npm run fuzz -- --runs 200 [--seed 42]`: the OpenAPI fuzz test (lib/api/fuzz.test.ts) with more
 * inputs per operation than `npm test` sends. It prints how many inputs were sent and every cause of a
 * 5xx, grouped, and exits non-zero if there was one. Uses the test database set-up (PGlite, or the
 * server in DATABASE_URL).
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(arg('runs') ?? 100);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('Usage: npm run fuzz -- --runs <inputs per operation> [--seed <n>]');
  process.exit(2);
}
const seed = arg('seed');
const root = path.resolve(import.meta.dirname, '..');
const result = spawnSync('npx', ['vitest', 'run', 'lib/api/fuzz.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PACTUM_FUZZ_RUNS: String(runs), ...(seed ? { PACTUM_FUZZ_SEED: seed } : {}) },
});
process.exit(result.status ?? 1);
