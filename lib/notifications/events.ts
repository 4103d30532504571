import { and, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, contracts, notificationEvents, policyHolders, roles, users } from '@/db/schema';
import { insertMany } from '../bulk-insert';
import type { Locale } from '../format';
import { err } from '../i18n/keyed';
import { recordWebhookEvents } from '../webhooks/events';
import { type MailData, type MailEvent, renderMail } from './templates';

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
    .where(sql`${contracts.id} = any(${`{${ids.join(',')}}`}::uuid[])`);
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
    policyHolderName: c.phName ?? c.code,
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
