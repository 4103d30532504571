import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationEvents, shareLinkAccesses, shareLinks } from '@/db/schema';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { setAttachmentInternal, uploadAttachment } from '../attachments/attachments';
import type { Actor } from '../auth/actor';
import { createInvoice } from '../billing/invoices';
import { createContract } from '../contracts/contracts';
import { approveContract, submitContract } from '../contracts/transitions';
import { ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from '../errors';
import { localStore, setFileStore } from '../storage/storage';
import { createShareLink, hashShareToken, listShareLinks, revokeShareLink } from './sharing';
import { downloadSharedFile, openShareLink, requestShareCode, verifyShareCode } from './visit';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const day = new Date('2026-01-02T00:00:00Z');
const visit = { ip: '203.0.113.7', userAgent: 'test' };

let t: TestDb;
let dir: string;
let a: Record<'editor' | 'approver' | 'viewer' | 'portal', Actor>;
let contractId: string;
let otherContractId: string;
let fileId: string;
let invoiceId: string;

beforeAll(async () => {
  t = await createTestDb();
  dir = await mkdtemp(path.join(tmpdir(), 'pactum-share-'));
  setFileStore(localStore(dir));
  const { bundleId } = await makeScheme(t.db);
  const ph = await makeEmployer(t.db, bundleId, ['12000.00'], { tradeName: 'Acme Ltd' });
  const other = await makeEmployer(t.db, bundleId, ['12000.00']);
  a = await makeActors(t.db, ['editor', 'approver', 'viewer', 'portal'] as const, { policyHolderId: ph.id });
  const c = await createContract(t.db, a.editor, {
    code: 'SHARE-1',
    policyHolderId: ph.id,
    dateValidFrom: '2026-01-01',
    dateValidTo: '2026-12-31',
    paymentReference: 'REF-SHARE',
  });
  await submitContract(t.db, a.editor, { id: c.id });
  await approveContract(t.db, a.approver, { id: c.id }, day);
  contractId = c.id;
  invoiceId = (await createInvoice(t.db, a.approver, { contractId }, day)).id;
  fileId = (
    await uploadAttachment(
      t.db,
      a.editor,
      { contractId, category: 'signed_contract' },
      { name: 'signed.pdf', bytes: PDF },
    )
  ).id;
  otherContractId = (
    await createContract(t.db, a.editor, {
      code: 'SHARE-OTHER',
      policyHolderId: other.id,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    })
  ).id;
});
afterAll(async () => {
  setFileStore(null);
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

/** The same secret with its last character changed, always to a different one (a fixed
 *  replacement would equal the real token one time in 64). */
function almostRight(secret: string): string {
  const last = secret.at(-1);
  return `${secret.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
}

describe('share links', () => {
  it('keeps only a hash of an unguessable token, and shows the contract summary', async () => {
    const link = await createShareLink(t.db, a.editor, { contractId, kind: 'contract', validFor: 7 });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.select().from(shareLinks).where(eq(shareLinks.id, link.id));
    expect(row!.tokenHash).toBe(hashShareToken(link.token));
    expect(JSON.stringify(row)).not.toContain(link.token);
    const view = await openShareLink(t.db, link.token, visit);
    expect(view).toMatchObject({
      status: 'ok',
      contract: { code: 'SHARE-1', policyHolderName: 'Acme Ltd', paymentReference: 'REF-SHARE' },
    });
    // Nothing else opens with a made-up or almost-right token.
    expect(await openShareLink(t.db, almostRight(link.token), visit)).toEqual({ status: 'not_found' });
    expect(await openShareLink(t.db, '../etc', visit)).toEqual({ status: 'not_found' });
  });

  it('logs every access (what, when, from where) and shows the log to staff', async () => {
    const link = await createShareLink(t.db, a.editor, {
      contractId,
      kind: 'attachment',
      attachmentId: fileId,
      validFor: 1,
    });
    await openShareLink(t.db, link.token, visit);
    const file = await downloadSharedFile(t.db, link.token, visit);
    expect(Buffer.from(file.bytes).equals(Buffer.from(PDF))).toBe(true);
    expect(file.disposition).toContain('attachment');
    const log = await t.db.select().from(shareLinkAccesses).where(eq(shareLinkAccesses.shareLinkId, link.id));
    expect(log.map((l) => l.outcome).sort()).toEqual(['download', 'view']);
    expect(log.every((l) => l.ip === '203.0.113.7' && l.userAgent === 'test')).toBe(true);
    const listed = (await listShareLinks(t.db, a.editor, contractId)).find((l) => l.id === link.id)!;
    expect(listed).toMatchObject({ status: 'active', target: 'signed.pdf', accessCount: 2 });
  });

  it('expires: after its time the link shows "expired" (logged) and serves nothing', async () => {
    const now = new Date();
    const link = await createShareLink(
      t.db,
      a.editor,
      { contractId, kind: 'invoice', invoiceId, validFor: 1 },
      now,
    );
    expect(await openShareLink(t.db, link.token, { ...visit, now })).toMatchObject({
      status: 'ok',
      invoice: { number: expect.any(String) },
    });
    const later = { ...visit, now: new Date(now.getTime() + 86_400_000 + 1) };
    expect(await openShareLink(t.db, link.token, later)).toEqual({ status: 'expired' });
    await expect(downloadSharedFile(t.db, link.token, later)).rejects.toThrow(NotFoundError);
    // A link for minutes (shown on a call, say) expires as exactly.
    const short = await createShareLink(
      t.db,
      a.editor,
      { contractId, kind: 'contract', validFor: 10, unit: 'minutes' },
      now,
    );
    expect(short.expiresAt.getTime() - now.getTime()).toBe(600_000);
    expect(
      await openShareLink(t.db, short.token, { ...visit, now: new Date(now.getTime() + 599_000) }),
    ).toMatchObject({
      status: 'ok',
    });
    expect(
      await openShareLink(t.db, short.token, { ...visit, now: new Date(now.getTime() + 600_000) }),
    ).toEqual({
      status: 'expired',
    });
    await expect(
      createShareLink(t.db, a.editor, { contractId, kind: 'contract', validFor: 2161, unit: 'hours' }),
    ).rejects.toThrow(ValidationError);
    const outcomes = await t.db
      .select({ o: shareLinkAccesses.outcome })
      .from(shareLinkAccesses)
      .where(eq(shareLinkAccesses.shareLinkId, link.id));
    expect(outcomes.map((o) => o.o)).toContain('expired');
  });

  it('is revocable at once, by staff in scope only', async () => {
    const link = await createShareLink(t.db, a.editor, { contractId, kind: 'contract', validFor: 30 });
    await expect(revokeShareLink(t.db, a.viewer, { id: link.id })).rejects.toThrow(ForbiddenError);
    await expect(revokeShareLink(t.db, a.portal, { id: link.id })).rejects.toThrow(ForbiddenError);
    await revokeShareLink(t.db, a.approver, { id: link.id });
    expect(await openShareLink(t.db, link.token, visit)).toEqual({ status: 'revoked' });
    const listed = (await listShareLinks(t.db, a.editor, contractId)).find((l) => l.id === link.id)!;
    expect(listed.status).toBe('revoked');
  });

  it('shares nothing internal, nothing of another contract, and only for staff who may', async () => {
    await expect(
      createShareLink(t.db, a.viewer, { contractId, kind: 'contract', validFor: 7 }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      createShareLink(t.db, a.portal, { contractId, kind: 'contract', validFor: 7 }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      createShareLink(t.db, a.editor, {
        contractId: otherContractId,
        kind: 'attachment',
        attachmentId: fileId,
        validFor: 7,
      }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      createShareLink(t.db, a.editor, { contractId, kind: 'contract', validFor: 91 }),
    ).rejects.toThrow(ValidationError);
    // A file shared, then marked internal: the link stops showing it.
    const link = await createShareLink(t.db, a.editor, {
      contractId,
      kind: 'attachment',
      attachmentId: fileId,
      validFor: 7,
    });
    await setAttachmentInternal(t.db, a.editor, { id: fileId, version: 1, internal: true });
    expect(await openShareLink(t.db, link.token, visit)).toEqual({ status: 'not_found' });
    await expect(downloadSharedFile(t.db, link.token, visit)).rejects.toThrow(NotFoundError);
    await expect(
      createShareLink(t.db, a.editor, { contractId, kind: 'attachment', attachmentId: fileId, validFor: 7 }),
    ).rejects.toThrow(InvalidStateError);
    await setAttachmentInternal(t.db, a.editor, { id: fileId, version: 2, internal: false });
  });

  it('limited to one address: a one-time code mailed through the outbox opens it', async () => {
    const link = await createShareLink(t.db, a.editor, {
      contractId,
      kind: 'contract',
      validFor: 7,
      recipientEmail: 'Broker@Example.org',
    });
    expect(await openShareLink(t.db, link.token, visit)).toEqual({
      status: 'needs_code',
      emailHint: 'b…@example.org',
    });
    // A wrong address gets the same answer, no mail, and is logged.
    await requestShareCode(t.db, link.token, 'someone@else.org', { ...visit, locale: 'en' });
    const mailsFor = () =>
      t.db
        .select()
        .from(notificationEvents)
        .where(
          and(
            eq(notificationEvents.event, 'share.code'),
            eq(notificationEvents.payload, { shareLinkId: link.id }),
          ),
        );
    expect(await mailsFor()).toHaveLength(0);
    await requestShareCode(t.db, link.token, 'broker@example.org', { ...visit, locale: 'fr' });
    const [mail] = await mailsFor();
    expect(mail).toMatchObject({ recipient: 'broker@example.org', language: 'fr', status: 'pending' });
    const code = /(\d{6})/.exec(mail!.body)![1]!;
    await expect(
      verifyShareCode(t.db, link.token, code === '000000' ? '000001' : '000000', visit),
    ).rejects.toThrow(ValidationError);
    const { session } = await verifyShareCode(t.db, link.token, code, visit);
    expect(await openShareLink(t.db, link.token, { ...visit, session })).toMatchObject({ status: 'ok' });
    // The session is this link's only, and the code works once.
    expect(await openShareLink(t.db, link.token, { ...visit, session: almostRight(session) })).toMatchObject({
      status: 'needs_code',
    });
    await expect(verifyShareCode(t.db, link.token, code, visit)).rejects.toThrow(ValidationError);
    const log = await t.db.select().from(shareLinkAccesses).where(eq(shareLinkAccesses.shareLinkId, link.id));
    expect(log.map((l) => l.outcome).sort()).toEqual(
      ['code_refused', 'code_sent', 'verified', 'view', 'wrong_code'].sort(),
    );
    expect(log.find((l) => l.outcome === 'view')!.email).toBe('broker@example.org');
  });

  it('counts tries: five wrong codes and even the right one is refused; codes are rate-limited', async () => {
    const link = await createShareLink(t.db, a.editor, {
      contractId,
      kind: 'contract',
      validFor: 7,
      recipientEmail: 'x@example.org',
    });
    await requestShareCode(t.db, link.token, 'x@example.org', { ...visit, locale: 'en' });
    const [mail] = await t.db
      .select()
      .from(notificationEvents)
      .where(eq(notificationEvents.payload, { shareLinkId: link.id }));
    const code = /(\d{6})/.exec(mail!.body)![1]!;
    const wrong = code === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++)
      await expect(verifyShareCode(t.db, link.token, wrong, visit)).rejects.toThrow(ValidationError);
    await expect(verifyShareCode(t.db, link.token, code, visit)).rejects.toThrow(ValidationError);
    for (let i = 0; i < 4; i++)
      await requestShareCode(t.db, link.token, 'x@example.org', { ...visit, locale: 'en' });
    await expect(
      requestShareCode(t.db, link.token, 'x@example.org', { ...visit, locale: 'en' }),
    ).rejects.toThrow(ValidationError);
  });
});
