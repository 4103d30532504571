import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**'],
    globalSetup: ['db/testing/global-setup.ts'],
    // The first database of a worker takes seconds (PGlite start, or CREATE DATABASE on the server).
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Files a test stores without choosing a store of its own (an invoice PDF rendered for a mail) go to
    // a temporary folder, not the worktree's .data/files.
    env: { PACTUM_FILES_DIR: path.join(os.tmpdir(), 'pactum-test-files') },
  },
});
