import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditLog } from '@/db/schema';
import { makeActors, makePolicyHolder } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { createContract, deleteContract } from '../contracts/contracts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { contentDisposition, sanitizeFileName } from '../storage/files';
import { type FileStore, localStore, s3Store, setFileStore } from '../storage/storage';
import {
  deleteAttachment,
  downloadAttachment,
  FileIntegrityError,
  listAttachments,
  setAttachmentInternal,
  uploadAttachment,
} from './attachments';

let t: TestDb;
let dir: string;
let s3server: { run(): Promise<AddressInfo>; close(): Promise<void> };
let s3Endpoint: string;
let a: Record<'editor' | 'approver' | 'viewer' | 'portal' | 'otherPortal', Actor>;
let phId: string;
let n = 0;

// The smallest PDF file-type recognises, and a PNG signature: real magic numbers, not names.
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
const HTML = new TextEncoder().encode('<html><script>alert(1)</script></html>');
const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]);

beforeAll(async () => {
  t = await createTestDb();
  dir = await mkdtemp(path.join(tmpdir(), 'pactum-att-'));
  s3server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: path.join(dir, 's3'),
    configureBuckets: [{ name: 'files' }],
  });
  s3Endpoint = `http://127.0.0.1:${(await s3server.run()).port}`;
  phId = (await makePolicyHolder(t.db)).id;
  const otherPh = (await makePolicyHolder(t.db)).id;
  const mine = await makeActors(t.db, ['editor', 'approver', 'viewer', 'portal'], { policyHolderId: phId });
  const other = await makeActors(t.db, ['portal'], { policyHolderId: otherPh });
  a = { ...mine, otherPortal: other.portal };
});
afterAll(async () => {
  setFileStore(null);
  await s3server?.close();
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const draft = () =>
  createContract(t.db, a.editor, {
    code: `AT-${++n}`,
    policyHolderId: phId,
    dateValidFrom: '2026-01-01',
    dateValidTo: '2026-12-31',
  });

const stores: [string, () => FileStore][] = [
  ['local', () => localStore(path.join(dir, 'local'))],
  [
    's3',
    () =>
      s3Store({
        endpoint: s3Endpoint,
        bucket: 'files',
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        forcePathStyle: true,
      }),
  ],
];

describe.each(stores)('attachments on the %s store', (_kind, make) => {
  let store: FileStore;
  beforeAll(() => {
    store = make();
    setFileStore(store);
  });

  it('a portal upload is seen by staff, downloaded byte for byte, with its checksum and audit', async () => {
    const c = await draft();
    const up = await uploadAttachment(
      t.db,
      a.portal,
      { contractId: c.id, category: 'signed_contract' },
      { name: '../../Contrat signé.pdf', bytes: PDF },
    );
    expect(up).toMatchObject({
      fileName: 'Contrat signé.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      side: 'policy_holder',
      uploaderName: 'portal person',
      previewable: true,
    });
    const staffList = await listAttachments(t.db, a.viewer, { contractId: c.id });
    expect(staffList.map((f) => f.id)).toEqual([up.id]);
    const got = await downloadAttachment(t.db, a.approver, up.id);
    expect(Buffer.from(got.bytes).equals(Buffer.from(PDF))).toBe(true);
    expect(got.disposition).toMatch(
      /^attachment; filename="Contrat sign_\.pdf"; filename\*=UTF-8''Contrat%20sign%C3%A9\.pdf$/,
    );
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, up.id));
    expect(audit.map((r) => r.field).sort()).toEqual(['category', 'fileName', 'internal', 'sha256', 'size']);
  });

  it('refuses what the bytes say is not allowed, whatever the name', async () => {
    const c = await draft();
    for (const bytes of [HTML, ELF, new Uint8Array()]) {
      await expect(
        uploadAttachment(
          t.db,
          a.editor,
          { contractId: c.id, category: 'other' },
          { name: 'scan.pdf', bytes },
        ),
      ).rejects.toThrow(ValidationError);
    }
    // A PNG called .pdf is a PNG; a CSV is text.
    const png = await uploadAttachment(
      t.db,
      a.editor,
      { contractId: c.id, category: 'medical' },
      { name: 'x.pdf', bytes: PNG },
    );
    expect([png.contentType, png.fileName]).toEqual(['image/png', 'x.pdf.png']);
    const csv = await uploadAttachment(
      t.db,
      a.editor,
      { contractId: c.id, category: 'employee_list' },
      { name: 'staff.csv', bytes: new TextEncoder().encode('number;name\n1;Zoé\n') },
    );
    expect(csv.contentType).toBe('text/csv');
    const old = process.env.PACTUM_MAX_UPLOAD_MB;
    process.env.PACTUM_MAX_UPLOAD_MB = '0.00001';
    try {
      await expect(
        uploadAttachment(
          t.db,
          a.editor,
          { contractId: c.id, category: 'other' },
          { name: 'a.pdf', bytes: PDF },
        ),
      ).rejects.toThrow('at most');
    } finally {
      if (old === undefined) delete process.env.PACTUM_MAX_UPLOAD_MB;
      else process.env.PACTUM_MAX_UPLOAD_MB = old;
    }
  });

  it('refuses to hand out bytes that no longer match their checksum', async () => {
    const c = await draft();
    const up = await uploadAttachment(
      t.db,
      a.editor,
      { contractId: c.id, category: 'other' },
      { name: 'a.pdf', bytes: PDF },
    );
    const [row] = await t.db.select().from(attachments).where(eq(attachments.id, up.id));
    const tampered = new Uint8Array(PDF);
    tampered[PDF.length - 2] = 0x41;
    await store.put(row!.storageKey, tampered, 'application/pdf');
    await expect(downloadAttachment(t.db, a.editor, up.id)).rejects.toThrow(FileIntegrityError);
  });
});

describe('who sees and changes what', () => {
  beforeAll(() => setFileStore(localStore(path.join(dir, 'rules'))));

  it('keeps internal files from the portal, in the list and on download', async () => {
    const c = await draft();
    const note = await uploadAttachment(
      t.db,
      a.editor,
      { contractId: c.id, category: 'medical', internal: true },
      { name: 'medical.pdf', bytes: PDF },
    );
    const open = await uploadAttachment(
      t.db,
      a.editor,
      { contractId: c.id, category: 'correspondence' },
      { name: 'letter.pdf', bytes: PDF },
    );
    expect((await listAttachments(t.db, a.portal, { contractId: c.id })).map((f) => f.id)).toEqual([open.id]);
    await expect(downloadAttachment(t.db, a.portal, note.id)).rejects.toThrow(NotFoundError);
    // Marked internal later: gone from the portal at once.
    await setAttachmentInternal(t.db, a.editor, { id: open.id, version: open.version, internal: true });
    expect(await listAttachments(t.db, a.portal, { contractId: c.id })).toEqual([]);
    await expect(
      uploadAttachment(
        t.db,
        a.portal,
        { contractId: c.id, category: 'other', internal: true },
        { name: 'a.pdf', bytes: PDF },
      ),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      setAttachmentInternal(t.db, a.portal, { id: open.id, version: open.version + 1, internal: false }),
    ).rejects.toThrow(ForbiddenError);
  });

  it('answers "not found" to another policy holder and "forbidden" without the right', async () => {
    const c = await draft();
    const up = await uploadAttachment(
      t.db,
      a.portal,
      { contractId: c.id, category: 'other' },
      { name: 'a.pdf', bytes: PDF },
    );
    await expect(listAttachments(t.db, a.otherPortal, { contractId: c.id })).rejects.toThrow(NotFoundError);
    await expect(downloadAttachment(t.db, a.otherPortal, up.id)).rejects.toThrow(NotFoundError);
    await expect(deleteAttachment(t.db, a.otherPortal, { id: up.id, version: up.version })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      uploadAttachment(
        t.db,
        a.otherPortal,
        { contractId: c.id, category: 'other' },
        { name: 'a.pdf', bytes: PDF },
      ),
    ).rejects.toThrow(NotFoundError);
    await expect(
      uploadAttachment(
        t.db,
        a.viewer,
        { contractId: c.id, category: 'other' },
        { name: 'a.pdf', bytes: PDF },
      ),
    ).rejects.toThrow(ForbiddenError);
    await expect(downloadAttachment(t.db, a.portal, 'not-a-uuid')).rejects.toThrow(NotFoundError);
    // Policy holder files: the portal reads and adds its own, never another's.
    const phFile = await uploadAttachment(
      t.db,
      a.portal,
      { policyHolderId: phId, category: 'employee_list' },
      { name: 'list.pdf', bytes: PDF },
    );
    expect((await listAttachments(t.db, a.viewer, { policyHolderId: phId })).map((f) => f.id)).toContain(
      phFile.id,
    );
    await expect(listAttachments(t.db, a.otherPortal, { policyHolderId: phId })).rejects.toThrow(
      NotFoundError,
    );
    await expect(downloadAttachment(t.db, a.otherPortal, phFile.id)).rejects.toThrow(NotFoundError);
    await expect(
      uploadAttachment(
        t.db,
        a.viewer,
        { policyHolderId: phId, category: 'other' },
        { name: 'a.pdf', bytes: PDF },
      ),
    ).rejects.toThrow(ForbiddenError);
  });

  it('deletes softly: hidden from every list, kept with who and when, audited; stale versions conflict', async () => {
    const c = await draft();
    const mine = await uploadAttachment(
      t.db,
      a.portal,
      { contractId: c.id, category: 'other' },
      { name: 'a.pdf', bytes: PDF },
    );
    const theirs = await uploadAttachment(
      t.db,
      a.editor,
      { contractId: c.id, category: 'other' },
      { name: 'b.pdf', bytes: PDF },
    );
    await expect(
      deleteAttachment(t.db, a.portal, { id: theirs.id, version: theirs.version }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      deleteAttachment(t.db, a.portal, { id: mine.id, version: mine.version + 5 }),
    ).rejects.toThrow(ConflictError);
    await deleteAttachment(t.db, a.portal, { id: mine.id, version: mine.version });
    expect((await listAttachments(t.db, a.editor, { contractId: c.id })).map((f) => f.id)).toEqual([
      theirs.id,
    ]);
    await expect(downloadAttachment(t.db, a.editor, mine.id)).rejects.toThrow(NotFoundError);
    const [kept] = await t.db.select().from(attachments).where(eq(attachments.id, mine.id));
    expect(kept).toMatchObject({ isDeleted: true, deletedBy: a.portal.id });
    expect(kept!.deletedAt).toBeInstanceOf(Date);
    const logged = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, c.id), eq(auditLog.operation, 'delete_attachment')));
    expect(logged[0]).toMatchObject({ field: 'attachment', oldValue: 'a.pdf', newValue: null });
  });

  it('adds nothing to a deleted contract', async () => {
    const c = await draft();
    await deleteContract(t.db, a.editor, { id: c.id, version: c.version });
    await expect(
      uploadAttachment(
        t.db,
        a.editor,
        { contractId: c.id, category: 'other' },
        { name: 'a.pdf', bytes: PDF },
      ),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('names', () => {
  it('sanitises names and quotes them for Content-Disposition', () => {
    expect(sanitizeFileName('C:\\temp\\re\u0000port\u202e.pdf', 'application/pdf', 'pdf')).toBe('report.pdf');
    expect(sanitizeFileName('...', 'application/pdf', 'pdf')).toBe('file.pdf');
    expect(sanitizeFileName('a"b<c>.PDF', 'application/pdf', 'pdf')).toBe('abc.PDF');
    expect(sanitizeFileName(`${'x'.repeat(300)}.pdf`, 'application/pdf', 'pdf')).toHaveLength(150);
    expect(contentDisposition('a";b.pdf')).toBe(
      `attachment; filename="a__b.pdf"; filename*=UTF-8''a%22%3Bb.pdf`,
    );
  });
});
