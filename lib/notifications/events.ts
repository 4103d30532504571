import { and, eq, ne, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, contracts, notificationEvents, policyHolders, roles, users } from '@/db/schema';
import { insertMany, uuidArray } from '../bulk-insert';
import type { Locale } from '../format';
import { err } from '../i18n/keyed';
import { currencyCode } from '../money';
import { recordWebhookEvents } from '../webhooks/events';
import {
  type MailData,
  type MailEvent,
  rawTemplate,
  renderMail,
  UnfilledPlaceholderError,
} from './templates';

export type ContractEventName = Exclude<MailEvent, 'comment.added'>;
export type NotificationEvent = MailEvent;

/** Event-specific values; the contract and its policy holder are read in the same transaction. */
export type EventPayload = Partial<
  Pick<
    MailData,
    | 'amountDue'
    | 'datePaymentDue'
    | 'paymentReference'
    | 'reason'
    | 'invoiceNumber'
    | 'invoiceTotal'
    | 'dateTerminated'
    | 'credit'
  >
>;

export const NO_EMAIL = err('common.policyHolderNoMail');
export const NO_STAFF = err('notifications.nobodyInsurerWorkedContract');

type Insert = typeof notificationEvents.$inferInsert;

/** What JavaScript's trim() takes off the ends of a string (white space and line terminators). */
const WHITESPACE =
  ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const asLocale = (value: string | null | undefined): Locale => (value === 'fr' ? 'fr' : 'en');

async function loadContracts(tx: DbOrTx, ids: string[]) {
  // The ids as one array parameter: a billing run's chunk loads thousands of contracts in one statement.
  const rows = await tx
    .select({
      id: contracts.id,
      code: contracts.code,
      amendment: contracts.amendment,
      paymentReference: contracts.paymentReference,
      dateValidFrom: contracts.dateValidFrom,
      dateValidTo: contracts.dateValidTo,
      phName: policyHolders.tradeName,
      contactName: policyHolders.contactName,
      email: policyHolders.email,
      language: policyHolders.language,
    })
    .from(contracts)
    .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
    .where(sql`${contracts.id} = any(${uuidArray(ids)})`);
  return new Map(rows.map((r) => [r.id, r]));
}

type ContractInfo = Awaited<ReturnType<typeof loadContracts>> extends Map<string, infer V> ? V : never;
type Recipient = { email: string | null; name: string; language: Locale };

/** The policy holder's contact, in the policy holder's language; no address means undeliverable. */
const policyHolderRecipient = (c: ContractInfo): Recipient => ({
  email: c.email?.trim() || null,
  name: c.contactName?.trim() || c.phName || c.code,
  language: asLocale(c.language),
});

function message(
  event: MailEvent,
  contractId: string,
  c: ContractInfo,
  to: Recipient,
  extra: Partial<MailData>,
  payload: Record<string, unknown>,
  undeliverable: string,
): Insert {
  const rendered = renderMail(event, to.language, {
    recipientName: to.name,
    contractCode: c.code,
    amendment: c.amendment,
    policyHolderName: c.phName || c.code,
    paymentReference: c.paymentReference,
    dateValidFrom: c.dateValidFrom,
    dateValidTo: c.dateValidTo,
    ...extra,
  });
  return {
    event,
    contractId,
    payload,
    recipient: to.email,
    language: to.language,
    subject: rendered.subject,
    body: rendered.body,
    // Without an address the event is kept, visibly, as undeliverable; the contract change still commits.
    ...(to.email ? {} : { status: 'undeliverable', lastError: undeliverable }),
  };
}

/**
 * Writes notifications for contract events into the outbox, inside the caller's transaction: they exist
 * if and only if the change that caused them committed. Each is rendered now, in the policy holder's
 * language, for the policy holder's e-mail address. Delivery happens later and can never block the change.
 */
/** A document the mail carries, by reference (the sender renders or reads it when it sends). */
export type AttachmentRef = { kind: 'invoice' | 'credit_note' | 'dunning_letter'; id: string };

type ContractEventInput = {
  event: ContractEventName;
  contractId: string;
  payload?: EventPayload;
  attachments?: AttachmentRef[];
};

/** The outbox rows of contract events, rendered (the contracts read in one statement), not yet written. */
export async function renderContractEvents(tx: DbOrTx, events: ContractEventInput[]): Promise<Insert[]> {
  if (!events.length) return [];
  const info = await loadContracts(tx, [...new Set(events.map((e) => e.contractId))]);
  const rows: Insert[] = [];
  for (const e of events) {
    const c = info.get(e.contractId);
    if (!c) continue;
    rows.push({
      ...message(
        e.event,
        e.contractId,
        c,
        policyHolderRecipient(c),
        e.payload ?? {},
        e.payload ?? {},
        NO_EMAIL,
      ),
      attachmentRefs: e.attachments?.length ? e.attachments : null,
    });
  }
  return rows;
}

/** Writes rendered rows (renderContractEvents) and sends the same events to the partners' webhooks. */
export async function writeContractEvents(
  tx: DbOrTx,
  rows: Insert[],
  events: ContractEventInput[],
): Promise<void> {
  await insertMany(tx, notificationEvents, rows);
  // The same events go to the partners' webhooks, through their own outbox in this transaction.
  await recordWebhookEvents(
    tx,
    events.map((e) => ({ event: e.event, contractId: e.contractId, data: { ...e.payload } })),
  );
}

/**
 * The mails of invoices issued in a billing run's chunk, rendered set-based in SQL from each language's
 * template: the same rows as `recordContractEvents` with 'invoice.issued' would write (a test compares
 * them); the caller sends the webhook events. Rendering each mail in Node and sending it back took a
 * third of a million-invoice run's Node time. Two steps, so that the costly one runs before the chunk
 * takes its numbers: `renderInvoiceMails` writes each invoice's mail into a temporary table `_mail` as the
 * parts around its number (`invoices`: an SQL source with the columns id, contract_id and total), and
 * `writeInvoiceMails` joins the parts with the number (`numbers`: id, number) into the outbox. A template
 * becomes a concatenation of its text and the values, so a value that looks like a placeholder is never
 * filled in turn.
 */
export async function renderInvoiceMails(tx: DbOrTx, invoices: SQL): Promise<void> {
  const lang = (l: Locale) => {
    const t = rawTemplate('invoice.issued', l);
    const values: Record<string, SQL> = {
      recipientName: sql`coalesce(nullif(btrim(ph.contact_name, ${WHITESPACE}), ''), nullif(ph.trade_name, ''), c.code)`,
      contract: sql`case when c.amendment > 0 then c.code || ' (' || ${t.amendmentWord} || ' ' || c.amendment || ')' else c.code end`,
      policyHolderName: sql`coalesce(nullif(ph.trade_name, ''), c.code)`,
      paymentReference: sql`coalesce(nullif(c.payment_reference, ''), c.code)`,
      // formatAmount (lib/format.ts): "1,234.50 EUR", "1 234,50 EUR" (a narrow no-break space).
      invoiceTotal: sql`(case when v.total < 0 then ${'\u2212'} else '' end) || ${
        l === 'fr'
          ? sql`translate(to_char(abs(v.total), 'FM9,999,999,999,999,990.00'), ',.', ${'\u202f,'})`
          : sql`to_char(abs(v.total), 'FM9,999,999,999,999,990.00')`
      } || ${`\u00a0${currencyCode()}`}`,
    };
    // "Invoice {invoiceNumber} for {contract}" → array['Invoice ', ' for ' || <contract>]: the text and the
    // values in one pass, split where the number goes.
    const parts = (text: string) => {
      const segments: SQL[][] = [[]];
      text.split(/\{(\w+)\}/).forEach((part, i) => {
        if (i % 2 === 0) segments.at(-1)!.push(sql`${part}::text`);
        else if (part === 'invoiceNumber') segments.push([]);
        // A placeholder this render does not fill would go out as a gap: refuse, as renderMail does.
        else if (!values[part]) throw new UnfilledPlaceholderError(`invoice.issued/${l}: {${part}}`);
        else segments.at(-1)!.push(sql`(${values[part]})`);
      });
      return sql`array[${sql.join(
        segments.map((s) => (s.length ? sql.join(s, sql` || `) : sql`''::text`)),
        sql`, `,
      )}]`;
    };
    return { subject: parts(t.subject), body: parts(t.body) };
  };
  const en = lang('en');
  const fr = lang('fr');
  await tx.execute(sql`
    create temp table _mail on commit drop as
    select v.id, v.contract_id, v.total::numeric(18,2)::text as total, m.email, m.lang,
      case when m.lang = 'fr' then ${fr.subject} else ${en.subject} end as subject,
      case when m.lang = 'fr' then ${fr.body} else ${en.body} end as body
    from (${invoices}) v join contracts c on c.id = v.contract_id
      left join policy_holders ph on ph.id = c.policy_holder_id
      cross join lateral (select nullif(btrim(ph.email, ${WHITESPACE}), '') as email,
        case when ph.language = 'fr' then 'fr' else 'en' end as lang) m`);
}

/** The mails `renderInvoiceMails` prepared, with their invoices' numbers, into the outbox (see there). */
export async function writeInvoiceMails(tx: DbOrTx, numbers: SQL): Promise<void> {
  await tx.execute(sql`
    insert into notification_events (event, contract_id, payload, recipient, language, subject, body, attachment_refs, status, last_error)
    select 'invoice.issued', m.contract_id, jsonb_build_object('invoiceNumber', n.number, 'invoiceTotal', m.total),
      m.email, m.lang, array_to_string(m.subject, n.number), array_to_string(m.body, n.number),
      jsonb_build_array(jsonb_build_object('kind', 'invoice', 'id', m.id)),
      case when m.email is null then 'undeliverable' else 'pending' end,
      case when m.email is null then ${NO_EMAIL} end
    from _mail m join (${numbers}) n on n.id = m.id`);
  await tx.execute(sql`drop table _mail`);
}

export async function recordContractEvents(tx: DbOrTx, events: ContractEventInput[]): Promise<void> {
  if (!events.length) return;
  await writeContractEvents(tx, await renderContractEvents(tx, events), events);
}

export async function recordEvent(
  tx: DbOrTx,
  event: ContractEventName,
  contractId: string,
  payload: EventPayload = {},
): Promise<void> {
  await recordContractEvents(tx, [{ event, contractId, payload }]);
}

/** The insurer's staff who worked on a contract (created it or appear in its audit log), active, with e-mail. */
async function staffOf(tx: DbOrTx, contractId: string, exceptUserId: string | null) {
  const involved = sql`(select ${auditLog.actorId} from ${auditLog} where ${auditLog.entityId} = ${contractId}
    union select ${contracts.createdBy} from ${contracts} where ${contracts.id} = ${contractId})`;
  return tx
    .select({ id: users.id, name: users.name, email: users.email, language: users.preferredLanguage })
    .from(users)
    .innerJoin(roles, and(eq(roles.id, users.roleId), eq(roles.isPortal, false)))
    .where(
      and(
        sql`${users.id} in ${involved}`,
        eq(users.isDeleted, false),
        eq(users.isActive, true),
        exceptUserId ? ne(users.id, exceptUserId) : undefined,
      ),
    );
}

/**
 * A new comment notifies the other side: the policy holder's e-mail for an insurer comment, the staff
 * who worked on the contract for a policy holder comment. Internal comments are never sent.
 */
export async function recordCommentEvents(
  tx: DbOrTx,
  comment: {
    contractId: string;
    authorId: string | null;
    authorName: string;
    side: 'insurer' | 'policy_holder';
    body: string;
    internal: boolean;
  },
): Promise<void> {
  if (comment.internal) return;
  await recordWebhookEvents(tx, [
    {
      event: 'comment.added',
      contractId: comment.contractId,
      data: { comment: { authorName: comment.authorName, side: comment.side, body: comment.body } },
    },
  ]);
  const c = (await loadContracts(tx, [comment.contractId])).get(comment.contractId);
  if (!c) return;
  const extra = { authorName: comment.authorName, authorSide: comment.side, comment: comment.body };
  const payload = { authorName: comment.authorName, side: comment.side };
  let recipients: Recipient[];
  let undeliverable: string;
  if (comment.side === 'insurer') {
    recipients = [policyHolderRecipient(c)];
    undeliverable = NO_EMAIL;
  } else {
    const staff = await staffOf(tx, comment.contractId, comment.authorId);
    recipients = staff.map((u) => ({ email: u.email, name: u.name, language: asLocale(u.language) }));
    if (!recipients.length) recipients = [{ email: null, name: 'Pactum', language: 'en' }];
    undeliverable = NO_STAFF;
  }
  await insertMany(
    tx,
    notificationEvents,
    recipients.map((to) =>
      message('comment.added', comment.contractId, c, to, extra, payload, undeliverable),
    ),
  );
}
