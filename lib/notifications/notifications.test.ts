import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts, notificationEvents } from '@/db/schema';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { createContract } from '../contracts/contracts';
import { approveContract, counterContract, submitContract } from '../contracts/transitions';
import { ForbiddenError } from '../errors';
import { inEnglish } from '../i18n/keyed';
import { listOutbox, retryOutboxMail } from './outbox';
import { backoffMs, deliverPending, MAX_ATTEMPTS, type Mail, type Transport } from './sender';
import { MAIL_EVENTS, type MailData, renderMail, UnfilledPlaceholderError } from './templates';

const FULL: MailData = {
  recipientName: 'Jeanne Dupont',
  contractCode: 'DUP-2026',
  amendment: 1,
  policyHolderName: 'Dupont SARL',
  amountDue: '1263.5',
  paymentReference: 'VIR-77',
  datePaymentDue: '2026-02-15',
  dateValidFrom: '2026-01-01',
  dateValidTo: '2026-12-31',
  reason: 'Salaire manquant',
  invoiceNumber: 'INV-2026-000001',
  invoiceTotal: '99.90',
  authorName: 'Alice',
  authorSide: 'insurer',
  comment: 'Bonjour,\nmerci.',
};

describe('mail templates', () => {
  it.each(MAIL_EVENTS.flatMap((e) => (['en', 'fr'] as const).map((l) => [e, l] as const)))(
    '%s in %s leaves no placeholder unfilled',
    (event, locale) => {
      const { subject, body } = renderMail(event, locale, FULL);
      expect(subject).not.toMatch(/\{\w+\}/);
      expect(body).not.toMatch(/\{\w+\}/);
      expect(subject).toContain('DUP-2026');
    },
  );

  it('formats the payment notification for the language (the French amount is filled in)', () => {
    const fr = renderMail('contract.approved', 'fr', FULL);
    expect(fr.subject).toBe('Avis de paiement : contrat DUP-2026 (avenant 1)');
    expect(fr.body).toContain('Montant dû : 1\u202f263,50');
    expect(fr.body).toContain('Date d’échéance : 15/02/2026');
    expect(fr.body).toContain('Référence de paiement : VIR-77');
    const en = renderMail('contract.approved', 'en', { ...FULL, amendment: 0 });
    expect(en.subject).toBe('Payment notification: contract DUP-2026');
    expect(en.body).toContain('Amount due: 1,263.50');
    expect(en.body).toContain('Due date: 2026-02-15');
  });

  it('refuses to render with a value missing instead of sending the gap', () => {
    expect(() => renderMail('contract.approved', 'fr', { ...FULL, amountDue: null })).toThrow(
      UnfilledPlaceholderError,
    );
    // A reason or payment reference may be absent: the text says so rather than leaving a hole.
    const c = renderMail('contract.countered', 'en', { ...FULL, reason: ' ', paymentReference: null });
    expect(c.body).toContain('Reason: no reason given');
  });

  it('does not expand braces typed by a user', () => {
    const m = renderMail('comment.added', 'en', { ...FULL, comment: 'see {amountDue}' });
    expect(m.body).toContain('see {amountDue}');
  });
});

let t: TestDb;
let editor: Actor;
let approver: Actor;
let admin: Actor;
let bundleId: string;
let n = 0;

beforeAll(async () => {
  t = await createTestDb();
  ({ bundleId } = await makeScheme(t.db));
  ({ editor, approver, admin } = await makeActors(t.db, ['editor', 'approver', 'admin']));
});
afterAll(() => t.close());

async function negotiableFor(ph: { email?: string | null; language?: string; contactName?: string }) {
  const holder = await makeEmployer(t.db, bundleId, ['1000.00'], ph);
  const c = await createContract(t.db, editor, {
    code: `N-${++n}`,
    policyHolderId: holder.id,
    paymentReference: `REF-${n}`,
    dateValidFrom: '2026-01-01',
    dateValidTo: '2026-12-31',
  });
  return submitContract(t.db, editor, { id: c.id });
}

const eventsOf = (contractId: string) =>
  t.db.select().from(notificationEvents).where(eq(notificationEvents.contractId, contractId));

describe('outbox', () => {
  it('records the payment notification in the policy holder language, in the approval transaction', async () => {
    const c = await negotiableFor({ language: 'fr', email: 'rh@dupont.test', contactName: 'Jeanne' });
    await approveContract(t.db, approver, { id: c.id });
    const [mail] = await eventsOf(c.id);
    expect(mail).toMatchObject({
      event: 'contract.approved',
      recipient: 'rh@dupont.test',
      language: 'fr',
      status: 'pending',
    });
    expect(mail!.subject).toBe(`Avis de paiement : contrat ${c.code}`);
    expect(mail!.body).toContain('Bonjour Jeanne,');
    expect(mail!.body).toContain('Montant dû : 50,00');
    expect(mail!.body).toContain(`Référence de paiement : REF-${n}`);
    expect(mail!.body).not.toMatch(/\{\w+\}/);
  });

  it('marks the mail undeliverable when the policy holder has no e-mail, and the change still succeeds', async () => {
    const c = await negotiableFor({ email: null });
    const countered = await counterContract(t.db, approver, { id: c.id, comment: 'Add the new hire' });
    expect(countered.state).toBe(11);
    const [mail] = await eventsOf(c.id);
    expect(mail).toMatchObject({ event: 'contract.countered', status: 'undeliverable', recipient: null });
    // Stored as a keyed message: the outbox page shows it in the reader's language.
    expect(inEnglish(mail!.lastError!)).toContain('no e-mail');
    expect(mail!.body).toContain('Reason: Add the new hire');
  });

  it('retries with backoff, gives up after the last attempt, and never blocks on a mail failure', async () => {
    const c = await negotiableFor({ email: 'a@b.test' });
    await approveContract(t.db, approver, { id: c.id });
    const [mail] = await eventsOf(c.id);
    const failing: Transport = { name: 'down', send: async () => Promise.reject(new Error('SMTP 451')) };
    let now = new Date('2030-01-01T00:00:00Z');
    let report = await deliverPending(t.db, failing, { now });
    expect(report.retrying).toBeGreaterThanOrEqual(1);
    let [row] = await t.db.select().from(notificationEvents).where(eq(notificationEvents.id, mail!.id));
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'SMTP 451' });
    expect(row!.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(1));

    // Not due yet: nothing is attempted.
    report = await deliverPending(t.db, failing, { now: new Date(now.getTime() + 1000) });
    [row] = await t.db.select().from(notificationEvents).where(eq(notificationEvents.id, mail!.id));
    expect(row!.attempts).toBe(1);

    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      now = new Date(row!.nextAttemptAt.getTime());
      await deliverPending(t.db, failing, { now });
      [row] = await t.db.select().from(notificationEvents).where(eq(notificationEvents.id, mail!.id));
    }
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(backoffMs(2)).toBe(2 * backoffMs(1));

    // An administrator queues it again; a working transport then delivers it exactly once.
    await expect(retryOutboxMail(t.db, editor, mail!.id)).rejects.toThrow(ForbiddenError);
    await retryOutboxMail(t.db, admin, mail!.id);
    const sent: Mail[] = [];
    const ok: Transport = { name: 'ok', send: async (m) => void sent.push(m) };
    const [r1, r2] = await Promise.all([
      deliverPending(t.db, ok, { now: new Date('2031-01-01T00:00:00Z') }),
      deliverPending(t.db, ok, { now: new Date('2031-01-01T00:00:00Z') }),
    ]);
    expect(sent.filter((m) => m.subject === mail!.subject)).toHaveLength(1);
    expect(r1.sent + r2.sent).toBeGreaterThanOrEqual(1);
    [row] = await t.db.select().from(notificationEvents).where(eq(notificationEvents.id, mail!.id));
    expect(row).toMatchObject({ status: 'sent', lastError: null });
    expect(row!.sentAt).toBeInstanceOf(Date);
    const [state] = await t.db
      .select({ s: contracts.state })
      .from(contracts)
      .where(and(eq(contracts.id, c.id)));
    expect(state!.s).toBe(5);
  });

  it('lists the outbox for administrators only, filtered by status and contract code', async () => {
    await expect(listOutbox(t.db, editor, {})).rejects.toThrow(ForbiddenError);
    const undeliverable = await listOutbox(t.db, admin, { status: 'undeliverable' });
    expect(undeliverable.total).toBeGreaterThanOrEqual(1);
    expect(undeliverable.items.every((i) => i.status === 'undeliverable')).toBe(true);
    const byCode = await listOutbox(t.db, admin, { q: 'N-1' });
    expect(byCode.items.some((i) => i.contractCode === 'N-1')).toBe(true);
  });
});
