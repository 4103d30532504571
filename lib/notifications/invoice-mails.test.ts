import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { uuidArray } from '../bulk-insert';
import { renderContractEvents, renderInvoiceMails, writeInvoiceMails } from './events';

/**
 * A billing run writes its invoice mails in SQL (writeInvoiceMails); every other path renders them in
 * Node (renderContractEvents). The two must write the same rows, whatever the policy holder's language,
 * contact, address, the contract's amendment and reference, and the amount.
 */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

type Case = {
  language: 'en' | 'fr';
  tradeName: string;
  contactName: string | null;
  email: string | null;
  amendment: number;
  paymentReference: string | null;
  total: string;
  withoutPolicyHolder?: boolean;
};

const CASES: Case[] = [
  {
    language: 'en',
    tradeName: 'Acme Ltd',
    contactName: 'Jane Roe',
    email: 'jane@acme.test',
    amendment: 0,
    paymentReference: 'REF-1',
    total: '0.00',
  },
  {
    language: 'fr',
    tradeName: 'Dupont SARL',
    contactName: '  Jeanne Dupont ',
    email: ' j@dupont.test\n',
    amendment: 2,
    paymentReference: null,
    total: '1234567.89',
  },
  {
    language: 'fr',
    tradeName: 'Sans Contact',
    contactName: '   ',
    email: null,
    amendment: 0,
    paymentReference: '',
    total: '999.50',
  },
  {
    language: 'en',
    tradeName: 'Tricky {invoiceNumber} \uE000contract\uE001',
    contactName: null,
    email: '\u00a0x@y.test',
    amendment: 1,
    paymentReference: 'R',
    total: '1000.00',
  },
  {
    language: 'en',
    tradeName: '',
    contactName: null,
    email: 'a@b.test',
    amendment: 0,
    paymentReference: null,
    total: '12.30',
  },
  {
    language: 'en',
    tradeName: 'n/a',
    contactName: null,
    email: null,
    amendment: 0,
    paymentReference: null,
    total: '7.00',
    withoutPolicyHolder: true,
  },
];

// A few hundred amounts more: every size of number, both languages.
for (let i = 0; i < 200; i++) {
  const digits = 1 + (i % 14);
  const int = String(Math.floor(Math.random() * 10 ** digits));
  const cents = String(Math.floor(Math.random() * 100)).padStart(2, '0');
  CASES.push({
    language: i % 2 ? 'fr' : 'en',
    tradeName: `PH ${i}`,
    contactName: i % 3 ? `Contact ${i}` : null,
    email: i % 5 ? `ph${i}@test.test` : null,
    amendment: i % 4,
    paymentReference: i % 3 ? `PAY-${i}` : null,
    total: `${int}.${cents}`,
  });
}

describe('invoice mails written in SQL', () => {
  it('are the rows the Node renderer writes, for every language, contact, address, amendment and amount', async () => {
    const invoices: { id: string; contractId: string; number: string; total: string }[] = [];
    for (const [i, c] of CASES.entries()) {
      let phId: string | null = null;
      if (!c.withoutPolicyHolder) {
        const [ph] = await t.db.execute<{ id: string }>(sql`
          insert into policy_holders (code, trade_name, contact_name, email, language, date_valid_from)
          values (${`IM-${i}-${randomUUID().slice(0, 8)}`}, ${c.tradeName}, ${c.contactName}, ${c.email}, ${c.language}, '2026-01-01')
          returning id`);
        phId = ph!.id;
      }
      const [contract] = await t.db.execute<{ id: string }>(sql`
        insert into contracts (code, policy_holder_id, amendment, payment_reference, date_valid_from, date_valid_to)
        values (${`IMC-${i}-${randomUUID().slice(0, 8)}`}, ${phId}, ${c.amendment}, ${c.paymentReference}, '2026-01-01', '2026-12-31')
        returning id`);
      invoices.push({
        id: randomUUID(),
        contractId: contract!.id,
        number: `INV-2026-${String(i + 1).padStart(6, '0')}`,
        total: c.total,
      });
    }
    const expected = await renderContractEvents(
      t.db,
      invoices.map((v) => ({
        event: 'invoice.issued' as const,
        contractId: v.contractId,
        payload: { invoiceNumber: v.number, invoiceTotal: v.total },
        attachments: [{ kind: 'invoice' as const, id: v.id }],
      })),
    );
    await t.db.transaction(async (tx) => {
      const source = sql`select * from jsonb_to_recordset(${JSON.stringify(invoices.map((v) => ({ id: v.id, contract_id: v.contractId, number: v.number, total: v.total })))}::jsonb)
          as x(id uuid, contract_id uuid, number text, total numeric(18,2))`;
      await renderInvoiceMails(tx, source);
      await writeInvoiceMails(tx, source);
    });
    const written = await t.db.execute<Record<string, unknown>>(sql`
      select contract_id, payload, recipient, language, subject, body, attachment_refs, status, last_error
      from notification_events where event = 'invoice.issued' and contract_id = any(${uuidArray(invoices.map((v) => v.contractId))})`);
    const byContract = new Map(written.map((r) => [r.contract_id, r]));
    expect(written).toHaveLength(invoices.length);
    for (const e of expected) {
      const got = byContract.get(e.contractId)!;
      expect({
        payload: got.payload,
        recipient: got.recipient,
        language: got.language,
        subject: got.subject,
        body: got.body,
        attachmentRefs: got.attachment_refs,
        status: got.status,
        lastError: got.last_error,
      }).toEqual({
        payload: e.payload,
        recipient: e.recipient,
        language: e.language,
        subject: e.subject,
        body: e.body,
        attachmentRefs: e.attachmentRefs,
        status: e.status ?? 'pending',
        lastError: e.lastError ?? null,
      });
    }
  });
});
