import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/*
 * End-to-end journeys against the production build (`next build && next start`, through the same
 * launcher as `npm start`) on its own fresh embedded database, in Debian's Chromium: Playwright's own
 * browser download is not possible here.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const executablePath =
  process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // Journeys of a dozen page loads took 50-60 s on the 2-core CI machine (each load 3-6 s under load):
  // 60 s failed one of them and, the spec being serial, skipped the rest. Two minutes for every test.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: 'e2e/artifacts/report', open: 'never' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined }, dependencies: ['setup'] },
  ],
  webServer: {
    command: 'npx tsx scripts/launch.ts start --fresh',
    url: `http://localhost:${PORT}/login`,
    timeout: 600_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      PACTUM_DATA_DIR: '.data/e2e',
      // Attachments (issue 16) beside the database, not inside PGlite's folder.
      PACTUM_FILES_DIR: '.data/e2e-files',
      // The journeys run on their own embedded database even when CI sets DATABASE_URL for Vitest.
      DATABASE_URL: '',
      AUTH_SECRET: 'e2e-only-secret-not-for-production',
      NEXTAUTH_URL: `http://localhost:${PORT}`,
    },
  },
});
