import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { acquireLock, startEmbeddedDb } from './embedded-db';

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

describe('embedded database access', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-auth-'));
  const dataDir = path.join(dir, 'pglite');
  const connect = (url: string) =>
    postgres(url, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });

  it('lets in only who has the password kept owner-only beside the data, and keeps it across restarts', async () => {
    const db = await startEmbeddedDb(dataDir);
    const url = new URL(db.url);
    try {
      const passwordFile = `${dataDir}.password`;
      expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
      expect(decodeURIComponent(url.password)).toBe(fs.readFileSync(passwordFile, 'utf8').trim());
      expect(url.hostname).toBe('127.0.0.1');
      expect(fs.statSync(path.dirname(db.socketPath)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(db.socketPath).mode & 0o777).toBe(0o600);

      const good = connect(db.url);
      expect(await good`select 1 + 1 as two`).toEqual([{ two: 2 }]);
      await good.end();

      for (const password of ['postgres', 'wrong', `${decodeURIComponent(url.password)}x`]) {
        const bad = new URL(db.url);
        bad.password = password;
        const sql = connect(bad.toString());
        await expect(sql`select 1`, password).rejects.toMatchObject({ code: '28P01' });
        await sql.end();
      }
    } finally {
      await db.stop();
    }
    expect(fs.existsSync(path.dirname(db.socketPath))).toBe(false);
    const again = await startEmbeddedDb(dataDir);
    try {
      expect(new URL(again.url).password).toBe(url.password);
      const sql = connect(again.url);
      expect(await sql`select 2 as n`).toEqual([{ n: 2 }]);
      await sql.end();
    } finally {
      await again.stop();
    }
  }, 120_000);
});
