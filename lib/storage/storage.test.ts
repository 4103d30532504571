import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FileStore,
  localStore,
  newStorageKey,
  StoredFileMissingError,
  s3Store,
  storeFromEnv,
} from './storage';

/**
 * One suite, every store: the embedded default (local files) and S3, against s3rver (an S3-compatible
 * server from npm) started here on a free port in a temporary directory.
 */
let dir: string;
let s3server: { run(): Promise<AddressInfo>; close(): Promise<void> };
let endpoint: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pactum-storage-'));
  s3server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: path.join(dir, 's3'),
    configureBuckets: [{ name: 'pactum-test' }],
  });
  const address = await s3server.run();
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await s3server?.close();
  await rm(dir, { recursive: true, force: true });
});

const stores: [string, () => FileStore][] = [
  ['local', () => localStore(path.join(dir, 'local'))],
  [
    's3',
    () =>
      storeFromEnv({
        PACTUM_STORAGE: 's3',
        S3_ENDPOINT: endpoint,
        S3_BUCKET: 'pactum-test',
        S3_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        S3_FORCE_PATH_STYLE: 'true',
      }),
  ],
];

describe.each(stores)('file store: %s', (kind, make) => {
  it('keeps bytes under a key and gives the same bytes back', async () => {
    const store = make();
    expect(store.name).toBe(kind);
    const key = newStorageKey();
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7919) % 256);
    await store.put(key, bytes, 'application/octet-stream');
    expect(Buffer.from(await store.get(key)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('says a missing key is missing, and removes', async () => {
    const store = make();
    const key = newStorageKey();
    await expect(store.get(key)).rejects.toThrow(StoredFileMissingError);
    await store.put(key, new TextEncoder().encode('a,b\n1,2\n'), 'text/csv');
    await store.remove(key);
    await expect(store.get(key)).rejects.toThrow(StoredFileMissingError);
  });

  it('refuses keys it did not make (no path outside the store)', async () => {
    const store = make();
    for (const key of ['../etc/passwd', '/abs', 'a//b', 'A B', '']) {
      await expect(store.put(key, new Uint8Array([1]), 'text/plain')).rejects.toThrow('Not a storage key');
    }
  });
});

describe('configuration', () => {
  it('is local under PACTUM_FILES_DIR by default and refuses an incomplete S3 setting', async () => {
    const root = path.join(dir, 'configured');
    const store = storeFromEnv({ PACTUM_FILES_DIR: root });
    expect(store.name).toBe('local');
    await store.put('2026/01/x', new Uint8Array([42]), 'text/plain');
    await writeFile(path.join(root, 'probe'), 'ok');
    expect([...(await store.get('2026/01/x'))]).toEqual([42]);
    expect(() => storeFromEnv({ PACTUM_STORAGE: 's3' })).toThrow('S3_BUCKET');
    expect(() => storeFromEnv({ PACTUM_STORAGE: 'ftp' })).toThrow('PACTUM_STORAGE');
    expect(s3Store({ bucket: 'b', region: 'r', forcePathStyle: true }).name).toBe('s3');
  });
});
