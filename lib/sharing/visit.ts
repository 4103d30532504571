import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  attachments,
  insureePolicies,
  invoices,
  notificationEvents,
  shareLinkAccesses,
  shareLinkCodes,
  shareLinks,
} from '@/db/schema';
import { readVerified } from '../attachments/attachments';
import { systemActor } from '../auth/actor';
import { getContract } from '../contracts/contracts';
import { ensureDocument } from '../documents/documents';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors';
import type { Locale } from '../format';
import { err } from '../i18n/keyed';
import { currencyCode } from '../money';
import { contentDisposition } from '../storage/files';
import { email as emailField } from '../validation/common';
import { renderShareCodeMail } from './mails';
import { hashShareToken, shareStatus } from './sharing';

/** Who is opening a link: logged with every access. `session` is the cookie a right code set. */
export type ShareVisit = { ip: string | null; userAgent: string | null; session?: string | null; now?: Date };

export type SharedContract = {
  code: string;
  amendment: number;
  state: number;
  policyHolderName: string | null;
  dateValidFrom: string;
  dateValidTo: string;
  amount: string | null;
  currency: string;
  paymentReference: string | null;
  personsCovered: number;
};

export type SharedView =
  | { status: 'not_found' }
  | { status: 'expired' | 'revoked' }
  | { status: 'needs_code'; emailHint: string }
  | {
      status: 'ok';
      expiresAt: Date;
      contractCode: string;
      contract?: SharedContract;
      file?: { fileName: string; contentType: string; size: number };
      invoice?: {
        number: string;
        dateIssued: string;
        dueDate: string | null;
        total: string;
        currency: string;
      };
    };

export const CODE_MINUTES = 15;
export const CODE_ATTEMPTS = 5;
/** Codes a link may send per hour: a link cannot be used to flood its recipient's mailbox. */
export const CODES_PER_HOUR = 5;
export const SESSION_HOURS = 8;
export const WRONG_CODE = err('sharing.codeWrongExpiredAsk');
export const TOO_MANY_CODES = err('sharing.tooManyCodesWere');

const READER = systemActor(['contract.read']);
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

async function findLink(db: DbOrTx, token: string) {
  // A token is 43 URL-safe characters; anything else is not worth a query.
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const [row] = await db
    .select()
    .from(shareLinks)
    .where(eq(shareLinks.tokenHash, hashShareToken(token)));
  return row;
}

type Link = typeof shareLinks.$inferSelect;

async function logAccess(db: DbOrTx, link: Link, outcome: string, visit: ShareVisit, email?: string | null) {
  await db.insert(shareLinkAccesses).values({
    shareLinkId: link.id,
    at: visit.now ?? new Date(),
    outcome,
    email: email ?? null,
    ip: visit.ip?.slice(0, 64) ?? null,
    userAgent: visit.userAgent?.slice(0, 300) ?? null,
  });
}

/** a…z@example.org: enough for the recipient to recognise the address, not enough to learn it. */
function hintOf(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 1)}…@${domain}`;
}

/** The verified address of this visitor, when the link is limited to one and its cookie is valid. */
async function provenEmail(db: DbOrTx, link: Link, visit: ShareVisit): Promise<string | null> {
  if (!visit.session || !/^[A-Za-z0-9_-]{20,100}$/.test(visit.session)) return null;
  const [row] = await db
    .select({ email: shareLinkCodes.email })
    .from(shareLinkCodes)
    .where(
      and(
        eq(shareLinkCodes.shareLinkId, link.id),
        eq(shareLinkCodes.sessionHash, sha256(visit.session)),
        gt(shareLinkCodes.sessionExpiresAt, visit.now ?? new Date()),
      ),
    );
  return row?.email ?? null;
}

/**
 * The gate every visit goes through: a live link (else not found / expired / revoked, logged), and for a
 * link limited to an address, a visitor who proved it. Returns the link and who the visitor is.
 */
async function admit(
  db: DbOrTx,
  token: string,
  visit: ShareVisit,
): Promise<{ link: Link; email: string | null } | Exclude<SharedView, { status: 'ok' }>> {
  const link = await findLink(db, token);
  if (!link) return { status: 'not_found' };
  const status = shareStatus(link, visit.now);
  if (status !== 'active') {
    await logAccess(db, link, status, visit);
    return { status };
  }
  if (!link.recipientEmail) return { link, email: null };
  const email = await provenEmail(db, link, visit);
  if (!email) return { status: 'needs_code', emailHint: hintOf(link.recipientEmail) };
  return { link, email };
}

/** The shared thing, still there and still not internal (a file marked internal since stops showing). */
async function sharedFile(db: DbOrTx, link: Link) {
  const [file] = await db
    .select()
    .from(attachments)
    .where(
      and(
        eq(attachments.id, link.attachmentId!),
        eq(attachments.isDeleted, false),
        eq(attachments.internal, false),
      ),
    );
  return file;
}

async function sharedInvoice(db: DbOrTx, link: Link) {
  const [inv] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, link.invoiceId!), eq(invoices.isDeleted, false)));
  return inv;
}

/**
 * What a visitor of /share/<token> sees: only what was shared, read-only, nothing internal (no comment,
 * no history, no staff name). Every view is logged with the address it came from.
 */
export async function openShareLink(db: DbOrTx, token: string, visit: ShareVisit): Promise<SharedView> {
  const gate = await admit(db, token, visit);
  if ('status' in gate) return gate;
  const { link, email } = gate;
  const contract = await getContract(db, READER, link.contractId).catch((e) => {
    if (e instanceof NotFoundError) return null;
    throw e;
  });
  if (!contract) return { status: 'not_found' };
  const view: Extract<SharedView, { status: 'ok' }> = {
    status: 'ok',
    expiresAt: link.expiresAt,
    contractCode: contract.code,
  };
  if (link.kind === 'contract') {
    const [persons] = await db
      .select({ n: count() })
      .from(insureePolicies)
      .where(and(eq(insureePolicies.contractId, contract.id), eq(insureePolicies.isDeleted, false)));
    view.contract = {
      code: contract.code,
      amendment: contract.amendment,
      state: contract.state,
      policyHolderName: contract.policyHolderName,
      dateValidFrom: contract.dateValidFrom,
      dateValidTo: contract.dateValidTo,
      amount: contract.amount,
      currency: contract.currency,
      paymentReference: contract.paymentReference,
      personsCovered: persons?.n ?? 0,
    };
  } else if (link.kind === 'attachment') {
    const file = await sharedFile(db, link);
    if (!file) return { status: 'not_found' };
    view.file = { fileName: file.fileName, contentType: file.contentType, size: file.size };
  } else {
    const inv = await sharedInvoice(db, link);
    if (!inv) return { status: 'not_found' };
    view.invoice = {
      number: inv.number,
      dateIssued: inv.dateIssued,
      dueDate: inv.dueDate,
      total: inv.total,
      currency: currencyCode(),
    };
  }
  await logAccess(db, link, 'view', visit, email);
  return view;
}

/** The shared file's bytes (a file or an invoice's PDF), through the same gate, logged as a download. */
export async function downloadSharedFile(db: DbOrTx, token: string, visit: ShareVisit) {
  const gate = await admit(db, token, visit);
  if ('status' in gate) throw new NotFoundError(err('sharing.linkNotValid'));
  const { link, email } = gate;
  if (link.kind === 'contract') throw new NotFoundError(err('sharing.linkNotValid'));
  await getContract(db, READER, link.contractId);
  let file: { fileName: string; contentType: string; bytes: Uint8Array };
  if (link.kind === 'attachment') {
    const row = await sharedFile(db, link);
    if (!row) throw new NotFoundError(err('sharing.linkNotValid'));
    file = await readVerified(row);
  } else {
    if (!(await sharedInvoice(db, link))) throw new NotFoundError(err('sharing.linkNotValid'));
    file = await ensureDocument(db, { kind: 'invoice', id: link.invoiceId! });
  }
  await logAccess(db, link, 'download', visit, email);
  return { ...file, disposition: contentDisposition(file.fileName) };
}

async function liveRestrictedLink(db: DbOrTx, token: string, visit: ShareVisit): Promise<Link> {
  const link = await findLink(db, token);
  if (!link) throw new NotFoundError(err('sharing.linkNotValid'));
  if (shareStatus(link, visit.now) !== 'active')
    throw new InvalidStateError(err('sharing.linkNoLongerWorks'));
  if (!link.recipientEmail) throw new InvalidStateError(err('sharing.linkNeedsNoCode'));
  return link;
}

/**
 * Sends a one-time code to the visitor's address if it is the one the link is limited to. The answer is
 * the same either way (the page says "if this address may open the link, a code is on its way"), so a
 * visitor cannot learn the address by trying; a wrong one is logged.
 */
export async function requestShareCode(
  db: DbOrTx,
  token: string,
  address: unknown,
  visit: ShareVisit & { locale: Locale },
): Promise<void> {
  const now = visit.now ?? new Date();
  const link = await liveRestrictedLink(db, token, visit);
  const parsed = emailField('email').safeParse(address);
  if (!parsed.success || !parsed.data)
    throw new ValidationError(err('sharing.mailValidMailAddress'), {
      email: [err('sharing.mailValidMailAddress')],
    });
  const email = parsed.data;
  await db.transaction(async (tx) => {
    // One at a time per link, so the hourly count below cannot be raced past.
    await tx.select({ id: shareLinks.id }).from(shareLinks).where(eq(shareLinks.id, link.id)).for('update');
    const [recent] = await tx
      .select({ n: count() })
      .from(shareLinkAccesses)
      .where(
        and(
          eq(shareLinkAccesses.shareLinkId, link.id),
          sql`${shareLinkAccesses.outcome} in ('code_sent', 'code_refused')`,
          gt(shareLinkAccesses.at, new Date(now.getTime() - 3_600_000)),
        ),
      );
    if ((recent?.n ?? 0) >= CODES_PER_HOUR) throw new ValidationError(TOO_MANY_CODES);
    if (email !== link.recipientEmail) {
      await logAccess(tx, link, 'code_refused', visit, email);
      return;
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await tx.insert(shareLinkCodes).values({
      shareLinkId: link.id,
      email,
      codeHash: sha256(`${link.id}:${code}`),
      createdAt: now,
      expiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000),
    });
    const mail = renderShareCodeMail(visit.locale, { code, minutes: String(CODE_MINUTES) });
    await tx.insert(notificationEvents).values({
      event: 'share.code',
      contractId: link.contractId,
      payload: { shareLinkId: link.id },
      recipient: email,
      language: visit.locale,
      subject: mail.subject,
      body: mail.body,
      createdAt: now,
      nextAttemptAt: now,
    });
    await logAccess(tx, link, 'code_sent', visit, email);
  });
}

/**
 * Checks a code against the link's latest one (15 minutes, 5 tries). A right code opens a session of
 * a few hours (never past the link's expiry): its secret goes into a cookie, its hash into the row.
 */
export async function verifyShareCode(
  db: DbOrTx,
  token: string,
  code: unknown,
  visit: ShareVisit,
): Promise<{ session: string; expiresAt: Date }> {
  const now = visit.now ?? new Date();
  const link = await liveRestrictedLink(db, token, visit);
  const given = typeof code === 'string' ? code.replace(/\s/g, '') : '';
  return db
    .transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(shareLinkCodes)
        .where(
          and(
            eq(shareLinkCodes.shareLinkId, link.id),
            isNull(shareLinkCodes.verifiedAt),
            gt(shareLinkCodes.expiresAt, now),
          ),
        )
        .orderBy(desc(shareLinkCodes.createdAt))
        .limit(1)
        .for('update');
      if (!row || row.attempts >= CODE_ATTEMPTS) throw new ValidationError(WRONG_CODE);
      const expected = Buffer.from(row.codeHash);
      const actual = Buffer.from(sha256(`${link.id}:${given}`));
      if (!/^\d{6}$/.test(given) || !timingSafeEqual(expected, actual)) {
        await tx
          .update(shareLinkCodes)
          .set({ attempts: row.attempts + 1 })
          .where(eq(shareLinkCodes.id, row.id));
        await logAccess(tx, link, 'wrong_code', visit, row.email);
        // The try is counted even though the answer is an error: committed, not rolled back.
        return { session: '', expiresAt: now };
      }
      const session = randomBytes(32).toString('base64url');
      const expiresAt = new Date(
        Math.min(now.getTime() + SESSION_HOURS * 3_600_000, link.expiresAt.getTime()),
      );
      await tx
        .update(shareLinkCodes)
        .set({ verifiedAt: now, sessionHash: sha256(session), sessionExpiresAt: expiresAt })
        .where(eq(shareLinkCodes.id, row.id));
      await logAccess(tx, link, 'verified', visit, row.email);
      return { session, expiresAt };
    })
    .then((r) => {
      if (!r.session) throw new ValidationError(WRONG_CODE);
      return r;
    });
}
