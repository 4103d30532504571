import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { acquireLock, serverDataDir, startEmbeddedDb } from './embedded-db';

describe('embedded database lock', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-lock-'));
  const dataDir = path.join(dir, 'postgres');

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

describe('embedded database server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-auth-'));
  fs.chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'postgres');
  const connect = (url: string, max = 1) => postgres(url, { max, onnotice: () => {}, connect_timeout: 10 });

  it('lets in only who has the password kept owner-only beside the data, serves concurrent sessions, and keeps data and password across restarts', async () => {
    const db = await startEmbeddedDb(dataDir);
    const url = new URL(db.url);
    try {
      const passwordFile = `${dataDir}.password`;
      expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
      expect(decodeURIComponent(url.password)).toBe(fs.readFileSync(passwordFile, 'utf8').trim());
      expect(url.hostname).toBe('127.0.0.1');

      const good = connect(db.url, 4);
      expect(await good`select 1 + 1 as two`).toEqual([{ two: 2 }]);
      expect(
        (await good`select current_setting('server_version_num')::int as v`)[0]!.v,
      ).toBeGreaterThanOrEqual(150000);
      await good`create table kept (n int)`;
      await good`insert into kept values (1)`;
      // Two sessions at once, each in its own transaction: one waits for the other's row lock and sees
      // its committed write, which a single multiplexed session (PGlite) could not do.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const first = good.begin(async (tx) => {
        await tx`update kept set n = 2`;
        await held;
      });
      await new Promise((r) => setTimeout(r, 100));
      const second = good.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(1)`;
        return (await tx`update kept set n = n + 10 returning n`)[0]!.n;
      });
      await new Promise((r) => setTimeout(r, 200));
      release();
      await first;
      expect(await second).toBe(12);
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
    const again = await startEmbeddedDb(dataDir);
    try {
      expect(new URL(again.url).password).toBe(url.password);
      const sql = connect(again.url);
      expect(await sql`select n from kept`).toEqual([{ n: 12 }]);
      await sql.end();
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('refuses a directory that holds something else', async () => {
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'notes.txt'), 'mine');
    await expect(startEmbeddedDb(other)).rejects.toThrow(/neither empty nor a PostgreSQL data directory/);
    expect(fs.readFileSync(path.join(other, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('embedded database files as root', () => {
  it.runIf(process.getuid?.() === 0)(
    'go where the postgres user can reach them when the project is private',
    () => {
      const open = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-open-'));
      fs.chmodSync(open, 0o755);
      expect(serverDataDir(path.join(open, 'postgres'))).toBe(path.join(open, 'postgres'));
      const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-closed-')); // mode 0700
      const moved = serverDataDir(path.join(closed, 'postgres'));
      expect(moved).toMatch(/^\/var\/lib\/pactum\/[0-9a-f]{16}\/postgres$/);
      expect(serverDataDir(path.join(closed, 'postgres'))).toBe(moved);
    },
  );
});
