import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationEvents } from '@/db/schema';
import { makeActors, makeEmployer, makePolicyHolder, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { recordPayment } from '../billing/receipts';
import { createContract } from '../contracts/contracts';
import { amendContract, approveContract, counterContract, submitContract } from '../contracts/transitions';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { addComment, listComments } from './comments';

let t: TestDb;
let a: Record<'editor' | 'approver' | 'viewer' | 'portal' | 'otherPortal', Actor>;
let phId: string;
let n = 0;

beforeAll(async () => {
  t = await createTestDb();
  const { bundleId } = await makeScheme(t.db);
  phId = (await makeEmployer(t.db, bundleId, ['1000.00'], { email: 'hr@acme.test', language: 'en' })).id;
  const otherPh = (await makePolicyHolder(t.db)).id;
  const mine = await makeActors(t.db, ['editor', 'approver', 'viewer', 'portal'], { policyHolderId: phId });
  const other = await makeActors(t.db, ['portal'], { policyHolderId: otherPh });
  a = { ...mine, otherPortal: other.portal };
});
afterAll(() => t.close());

const draft = () =>
  createContract(t.db, a.editor, {
    code: `CM-${++n}`,
    policyHolderId: phId,
    dateValidFrom: '2026-01-01',
    dateValidTo: '2026-12-31',
  });
const mails = (contractId: string) =>
  t.db.select().from(notificationEvents).where(eq(notificationEvents.contractId, contractId));

describe('comment threads', () => {
  it('keeps internal notes from the portal and mails only the other side', async () => {
    const c = await draft();
    await addComment(t.db, a.editor, { contractId: c.id, body: 'Hello <b>HR</b>,\nplease check.' });
    await addComment(t.db, a.editor, { contractId: c.id, body: 'Risky client', internal: true });
    await addComment(t.db, a.portal, { contractId: c.id, body: 'Checked, thanks.' });

    const staff = await listComments(t.db, a.editor, c.id);
    expect(staff.map((x) => [x.side, x.internal, x.body])).toEqual([
      ['insurer', false, 'Hello <b>HR</b>,\nplease check.'],
      ['insurer', true, 'Risky client'],
      ['policy_holder', false, 'Checked, thanks.'],
    ]);
    const portal = await listComments(t.db, a.portal, c.id);
    expect(portal.map((x) => x.body)).toEqual(['Hello <b>HR</b>,\nplease check.', 'Checked, thanks.']);

    const out = await mails(c.id);
    // The insurer's comment goes to the policy holder; the policy holder's to the staff who worked on it.
    expect(out.map((m) => m.recipient).sort()).toEqual([a.editor.email, 'hr@acme.test'].sort());
    expect(out.some((m) => m.body.includes('Risky client'))).toBe(false);
    expect(out.find((m) => m.recipient === a.editor.email)!.body).toContain('portal person (policy holder)');
  });

  it('answers "not found" to another policy holder, and refuses what a side may not do', async () => {
    const c = await draft();
    await expect(listComments(t.db, a.otherPortal, c.id)).rejects.toThrow(NotFoundError);
    await expect(addComment(t.db, a.otherPortal, { contractId: c.id, body: 'hi' })).rejects.toThrow(
      NotFoundError,
    );
    await expect(addComment(t.db, a.portal, { contractId: c.id, body: 'x', internal: true })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(addComment(t.db, a.viewer, { contractId: c.id, body: 'x' })).rejects.toThrow(ForbiddenError);
    await expect(addComment(t.db, a.editor, { contractId: c.id, body: '   ' })).rejects.toThrow(
      ValidationError,
    );
    await expect(addComment(t.db, a.editor, { contractId: c.id, body: 'x'.repeat(5001) })).rejects.toThrow(
      '5 000',
    );
    expect(await listComments(t.db, a.editor, c.id)).toHaveLength(0);
  });

  it('posts transition comments in the thread and keeps the thread through an amendment', async () => {
    const c = await draft();
    await submitContract(t.db, a.portal, { id: c.id, comment: 'Our signature' });
    await counterContract(t.db, a.approver, { id: c.id, comment: 'Income missing' });
    await submitContract(t.db, a.portal, { id: c.id });
    const approved = await approveContract(t.db, a.approver, { id: c.id, comment: 'Welcome aboard' });
    await recordPayment(t.db, a.approver, {
      contractId: c.id,
      amount: approved.amountDue,
      receivedAt: '2026-01-10',
      receiptNumber: `R-${c.id}`,
    });
    const amendment = await amendContract(t.db, a.editor, { id: c.id, comment: 'New hire in March' });
    await addComment(t.db, a.editor, { contractId: amendment.id, body: 'Amendment started' });

    const thread = await listComments(t.db, a.portal, amendment.id);
    expect(thread.map((x) => [x.operation, x.body, x.inherited])).toEqual([
      ['submit', 'Our signature', true],
      ['counter', 'Income missing', true],
      ['approve', 'Welcome aboard', true],
      ['amend', 'New hire in March', true],
      [null, 'Amendment started', false],
    ]);
    // The counter reason reaches the policy holder once, by the "update required" mail, not twice.
    const out = await mails(c.id);
    expect(out.filter((m) => m.body.includes('Income missing')).map((m) => m.event)).toEqual([
      'contract.countered',
    ]);
  });
});
