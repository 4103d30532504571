import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from './embedded-db';

describe('embedded database lock', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-lock-'));
  const dataDir = path.join(dir, 'pglite');

  it('refuses a second owner while the first one runs', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(`${dataDir}.lock`, String(other.pid));
      expect(() => acquireLock(dataDir)).toThrow(/already in use by another Pactum process/);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that died, and releases it', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    fs.writeFileSync(`${dataDir}.lock`, String(dead.pid));
    const release = acquireLock(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
