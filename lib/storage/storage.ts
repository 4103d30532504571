import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where the bytes of attachments live (issue 16). One interface, two stores: local files under
 * PACTUM_FILES_DIR (default `.data/files`), or any S3-compatible store with PACTUM_STORAGE=s3. Keys are
 * made by Pactum (never a user's file name), so no path can be steered outside the store.
 */
export type FileStore = {
  readonly name: 'local' | 's3';
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The stored bytes; throws StoredFileMissingError when there is no such object. */
  get(key: string): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
};

export class StoredFileMissingError extends Error {
  constructor(key: string) {
    super(`The stored file ${key} is missing.`);
    this.name = 'StoredFileMissingError';
  }
}

const KEY = /^[a-z0-9][a-z0-9/_-]{0,200}$/;

function assertKey(key: string): void {
  if (!KEY.test(key) || key.includes('..') || key.includes('//'))
    throw new Error(`Not a storage key: ${key}`);
}

/** A fresh key, grouped by month: `2026/11/<uuid>`. */
export function newStorageKey(now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function localStore(root: string): FileStore {
  const fileOf = (key: string) => {
    assertKey(key);
    return path.join(root, ...key.split('/'));
  };
  return {
    name: 'local',
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written aside then renamed: a crash mid-write never leaves half a file under the real key.
      const tmp = `${file}.${randomUUID()}.tmp`;
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, file);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredFileMissingError(key);
        throw e;
      }
    },
    async remove(key) {
      await unlink(fileOf(key)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    },
  };
}

export type S3Settings = {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
};

/** The AWS SDK is loaded only when S3 is configured: the default install never pays for it. */
export function s3Store(settings: S3Settings): FileStore {
  const client = import('@aws-sdk/client-s3').then((s3) => ({
    s3,
    client: new s3.S3Client({
      region: settings.region,
      endpoint: settings.endpoint || undefined,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
      // Only the checksums S3 itself requires: many S3-compatible stores do not know the SDK's newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  }));
  return {
    name: 's3',
    async put(key, bytes, contentType) {
      assertKey(key);
      const { s3, client: c } = await client;
      await c.send(
        new s3.PutObjectCommand({ Bucket: settings.bucket, Key: key, Body: bytes, ContentType: contentType }),
      );
    },
    async get(key) {
      assertKey(key);
      const { s3, client: c } = await client;
      try {
        const out = await c.send(new s3.GetObjectCommand({ Bucket: settings.bucket, Key: key }));
        if (!out.Body) throw new StoredFileMissingError(key);
        return await out.Body.transformToByteArray();
      } catch (e) {
        const name = (e as { name?: string }).name;
        if (name === 'NoSuchKey' || name === 'NotFound') throw new StoredFileMissingError(key);
        throw e;
      }
    },
    async remove(key) {
      assertKey(key);
      const { s3, client: c } = await client;
      await c.send(new s3.DeleteObjectCommand({ Bucket: settings.bucket, Key: key }));
    },
  };
}

/** The store the environment configures; fails loudly on an incomplete S3 configuration. */
export function storeFromEnv(env: Record<string, string | undefined> = process.env): FileStore {
  const kind = (env.PACTUM_STORAGE ?? 'local').trim().toLowerCase();
  if (kind === 's3') {
    const bucket = env.S3_BUCKET?.trim();
    if (!bucket) throw new Error(`PACTUM_STORAGE=s3 needs S3_BUCKET.`); // an operator's error, in the log
    return s3Store({
      endpoint: env.S3_ENDPOINT?.trim(),
      bucket,
      region: env.S3_REGION?.trim() || env.AWS_REGION?.trim() || 'us-east-1',
      accessKeyId: env.AWS_ACCESS_KEY_ID?.trim(),
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY?.trim(),
      forcePathStyle: /^(1|true|yes)$/i.test(env.S3_FORCE_PATH_STYLE?.trim() ?? ''),
    });
  }
  if (kind !== 'local') throw new Error(`PACTUM_STORAGE must be "local" or "s3", not "${kind}".`);
  return localStore(path.resolve(env.PACTUM_FILES_DIR?.trim() || path.join('.data', 'files')));
}

let current: FileStore | null = null;

/** The process's store (tests set their own with setFileStore). */
export function getFileStore(): FileStore {
  current ??= storeFromEnv();
  return current;
}

export function setFileStore(store: FileStore | null): void {
  current = store;
}
