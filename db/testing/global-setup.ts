import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb } from '../client';
import { migrateDb } from '../migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pactumDb: { kind: 'pglite'; dumpPath: string } | { kind: 'server'; url: string; template: string };
  }
}

/**
 * Migrates once per run. Each test file then gets its own database cloned from the result:
 * on PGlite a copy of the dumped data directory; on a real server (DATABASE_URL) a CREATE DATABASE
 * … TEMPLATE of a migrated template database.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const template = `pactum_test_tpl_${process.pid}`;
    const admin = openDb(serverUrl, { max: 1 });
    await admin.sql.unsafe(`drop database if exists ${template}`);
    await admin.sql.unsafe(`create database ${template}`);
    const url = withDatabase(serverUrl, template);
    const tpl = openDb(url, { max: 1 });
    await migrateDb(tpl.db);
    await tpl.close();
    project.provide('pactumDb', { kind: 'server', url: serverUrl, template });
    return async () => {
      await admin.sql.unsafe(`drop database if exists ${template}`);
      await admin.close();
    };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const pg = await PGlite.create({ extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0 });
  await server.start();
  const handle = openDb(`postgres://postgres@${server.getServerConn()}/postgres`, {
    max: 1,
    noPrepare: true,
  });
  await migrateDb(handle.db);
  await handle.close();
  await server.stop();
  const dump = await pg.dumpDataDir('gzip');
  await pg.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-test-'));
  const dumpPath = path.join(dir, 'migrated.tar.gz');
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide('pactumDb', { kind: 'pglite', dumpPath });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
