import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { downloadAttachment, listAttachments, uploadAttachment } from '../attachments/attachments';
import type { Actor } from '../auth/actor';
import { createContract } from '../contracts/contracts';
import { ForbiddenError, NotFoundError } from '../errors';
import { localStore, setFileStore } from '../storage/storage';
import { addComment, listComments } from './comments';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const HTML = new TextEncoder().encode('<html><script>alert(1)</script></html>');

let t: TestDb;
let dir: string;
let a: Record<'editor' | 'approver' | 'portal', Actor>;
let contractId: string;
let otherContractId: string;

beforeAll(async () => {
  t = await createTestDb();
  dir = await mkdtemp(path.join(tmpdir(), 'pactum-comment-files-'));
  setFileStore(localStore(dir));
  const { bundleId } = await makeScheme(t.db);
  const ph = await makeEmployer(t.db, bundleId, ['1000.00']);
  a = await makeActors(t.db, ['editor', 'approver', 'portal'] as const, { policyHolderId: ph.id });
  const make = async (code: string) =>
    (
      await createContract(t.db, a.editor, {
        code,
        policyHolderId: ph.id,
        dateValidFrom: '2030-01-01',
        dateValidTo: '2030-12-31',
      })
    ).id;
  contractId = await make('CF-1');
  otherContractId = await make('CF-2');
});
afterAll(async () => {
  setFileStore(null);
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const attach = (actor: Actor, commentId: string, bytes = PDF, contract = contractId, name = 'letter.pdf') =>
  uploadAttachment(
    t.db,
    actor,
    { contractId: contract, commentId, category: 'correspondence' },
    { name, bytes },
  );

describe('files on comments', () => {
  it('shows a comment’s files in the thread, for both sides', async () => {
    const c = await addComment(t.db, a.portal, { contractId, body: 'Signed list attached.' });
    const file = await attach(a.portal, c.id);
    expect(file.internal).toBe(false);
    for (const reader of [a.portal, a.editor]) {
      const thread = await listComments(t.db, reader, contractId);
      expect(thread.find((x) => x.id === c.id)!.files).toEqual([
        { id: file.id, commentId: c.id, fileName: 'letter.pdf', size: PDF.length },
      ]);
    }
    // A contract file too: the Files tab lists it.
    expect((await listAttachments(t.db, a.editor, { contractId })).map((f) => f.id)).toContain(file.id);
  });

  it('an internal note’s files are internal: never listed nor served to the portal', async () => {
    const note = await addComment(t.db, a.editor, {
      contractId,
      body: 'Medical file, staff only.',
      internal: true,
    });
    const file = await attach(a.editor, note.id);
    expect(file.internal).toBe(true);
    const portalThread = await listComments(t.db, a.portal, contractId);
    expect(portalThread.some((x) => x.id === note.id)).toBe(false);
    expect(JSON.stringify(portalThread)).not.toContain(file.id);
    expect((await listAttachments(t.db, a.portal, { contractId })).map((f) => f.id)).not.toContain(file.id);
    await expect(downloadAttachment(t.db, a.portal, file.id)).rejects.toThrow(NotFoundError);
    expect(
      (await listComments(t.db, a.editor, contractId)).find((x) => x.id === note.id)!.files,
    ).toHaveLength(1);
  });

  it('only the comment’s author attaches, on the comment’s own contract, with the upload rules', async () => {
    const c = await addComment(t.db, a.editor, { contractId, body: 'Here is the certificate.' });
    await expect(attach(a.approver, c.id)).rejects.toThrow(ForbiddenError);
    await expect(attach(a.portal, c.id)).rejects.toThrow(ForbiddenError);
    await expect(attach(a.editor, c.id, PDF, otherContractId)).rejects.toThrow(NotFoundError);
    // The same type allow-list as any upload: markup is refused.
    await expect(attach(a.editor, c.id, HTML, contractId, 'x.html')).rejects.toThrow(/not accepted/);
    expect((await listComments(t.db, a.editor, contractId)).find((x) => x.id === c.id)!.files).toEqual([]);
  });
});
