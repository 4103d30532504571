import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { Resend } from 'resend';
import type { DbOrTx } from '@/db/client';
import { notificationEvents } from '@/db/schema';
import { isDomainError, ValidationError } from '../errors';
import { err } from '../i18n/keyed';

/** `id` is the outbox row's id: the transport passes it on as the provider's idempotency key. */
export type Mail = {
  id: string;
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
};
export type MailAttachment = { filename: string; contentType: string; content: Buffer };
type AttachmentRefs = NonNullable<typeof notificationEvents.$inferSelect.attachmentRefs>;

/**
 * Issue 16: the documents a mail refers to, as files. The invoice's PDF is the stored one (rendered and
 * stored on first use): the mail and every later download carry the same bytes.
 */
export async function resolveDocuments(db: DbOrTx, refs: AttachmentRefs): Promise<MailAttachment[]> {
  const { ensureDocument } = await import('../documents/documents');
  const out: MailAttachment[] = [];
  for (const ref of refs) {
    const file = await ensureDocument(db, ref);
    out.push({ filename: file.fileName, contentType: file.contentType, content: Buffer.from(file.bytes) });
  }
  return out;
}

/** Where mails go. A transport throws when a mail was not accepted; the outbox then retries it later. */
export type Transport = { name: string; send(mail: Mail): Promise<void> };

export const MAX_ATTEMPTS = 8;
/** How long a claimed mail is reserved for the sender that claimed it (a crash mid-send frees it again). */
export const LEASE_MS = 5 * 60_000;
/** A send that takes longer is given up (and retried later), well before its lease could run out. */
export const SEND_TIMEOUT_MS = 60_000;

/** Wait before attempt n + 1 after n failed attempts: 1 min, 2, 4, … capped at 6 hours. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failedAttempts - 1), 6 * 3_600_000);
}

export function resendTransport(apiKey: string, from: string): Transport {
  const resend = new Resend(apiKey);
  return {
    name: 'resend',
    async send(mail) {
      // The notification id as idempotency key: should a mail be sent again (a lease that ran out, a
      // crash between sending and recording it), Resend recognises the retry and does not deliver twice.
      const { error } = await resend.emails.send(
        {
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.attachments?.length
            ? {
                attachments: mail.attachments.map((a) => ({
                  filename: a.filename,
                  content: a.content,
                  contentType: a.contentType,
                })),
              }
            : {}),
        },
        { idempotencyKey: mail.id },
      );
      if (error) throw new Error(`Resend: ${error.message}`);
    },
  };
}

/** Resend when RESEND_API_KEY is set; otherwise none, and mails wait in the outbox (visible in /admin/outbox). */
/**
 * `PACTUM_MAIL_LOG=/path/mails.jsonl`: mails are appended to a file, one JSON line each (id, to,
 * subject), instead of being sent: for development, and for the tests that count what several workers
 * sent. Each line is one `O_APPEND` write, so several processes can share the file.
 */
export function fileTransport(file: string): Transport {
  return {
    name: `file ${file}`,
    async send(mail) {
      fs.appendFileSync(file, `${JSON.stringify({ id: mail.id, to: mail.to, subject: mail.subject })}\n`);
    },
  };
}

export function transportFromEnv(env = process.env): Transport | null {
  const log = env.PACTUM_MAIL_LOG?.trim();
  if (log) return fileTransport(log);
  const key = env.RESEND_API_KEY?.trim();
  if (!key) return null;
  return resendTransport(key, env.MAIL_FROM?.trim() || 'Pactum <notifications@pactum.example>');
}

/** `lost`: mails whose lease ran out mid-send and that another sender claimed; that sender records them. */
export type DeliveryReport = { sent: number; retrying: number; failed: number; lost: number };

/**
 * Claims the next due mail for this sender: one statement, `skip locked` (two senders never take the same
 * mail at once), a lease of its own (next_attempt_at) and a fresh claim token.
 */
async function claimNext(db: DbOrTx, now: Date, token: string) {
  const due = db
    .select({ id: notificationEvents.id })
    .from(notificationEvents)
    .where(and(eq(notificationEvents.status, 'pending'), lte(notificationEvents.nextAttemptAt, now)))
    .orderBy(notificationEvents.nextAttemptAt)
    .limit(1)
    .for('update', { skipLocked: true });
  const [mail] = await db
    .update(notificationEvents)
    .set({
      nextAttemptAt: new Date(now.getTime() + LEASE_MS),
      attempts: sql`${notificationEvents.attempts} + 1`,
      claimToken: token,
    })
    .where(inArray(notificationEvents.id, due))
    .returning();
  return mail;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer from the mail server within ${ms / 1000} s.`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Delivers due mails, one at a time: each mail is claimed with its own lease just before it is sent (never
 * a batch under one lease, which a slow batch would outlive so that a second sender re-claims and re-sends
 * the rest), and sent outside any transaction, so a slow mail server never holds a connection or a lock.
 * The outcome is recorded only if the claim is still this sender's (its token). At least once, made
 * exactly once at the provider by the idempotency key: a mail whose lease ran out mid-send is sent again
 * by the next sender with the same key.
 */
export async function deliverPending(
  db: DbOrTx,
  transport: Transport,
  options: {
    now?: Date;
    clock?: () => Date;
    limit?: number;
    attachments?: (db: DbOrTx, refs: AttachmentRefs) => Promise<MailAttachment[]>;
  } = {},
): Promise<DeliveryReport> {
  const resolve = options.attachments ?? resolveDocuments;
  const clock = options.clock ?? (() => options.now ?? new Date());
  const limit = options.limit ?? 50;
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, lost: 0 };
  for (let n = 0; n < limit; n++) {
    const token = randomUUID();
    const mail = await claimNext(db, clock(), token);
    if (!mail) break;
    const stillMine = and(
      eq(notificationEvents.id, mail.id),
      eq(notificationEvents.claimToken, token),
      eq(notificationEvents.status, 'pending'),
    );
    let outcome: Partial<typeof notificationEvents.$inferInsert>;
    let kind: 'sent' | 'retrying' | 'failed';
    try {
      if (!mail.recipient) throw new ValidationError(err('notifications.noRecipient'));
      // A document that cannot be rendered or read now is a failed attempt like any other: retried later.
      const attachments = mail.attachmentRefs?.length ? await resolve(db, mail.attachmentRefs) : undefined;
      await withTimeout(
        transport.send({
          id: mail.id,
          to: mail.recipient,
          subject: mail.subject,
          text: mail.body,
          ...(attachments ? { attachments } : {}),
        }),
        SEND_TIMEOUT_MS,
      );
      outcome = { status: 'sent', sentAt: clock(), lastError: null, claimToken: null };
      kind = 'sent';
    } catch (e) {
      // Ours keyed (rendered on the outbox page), the transport's as it said it (SMTP speaks English).
      const error = isDomainError(e)
        ? e.keyedMessage
        : (e instanceof Error ? e.message : String(e)).slice(0, 1000);
      const giveUp = mail.attempts >= MAX_ATTEMPTS;
      outcome = {
        status: giveUp ? 'failed' : 'pending',
        lastError: error,
        nextAttemptAt: new Date(clock().getTime() + backoffMs(mail.attempts)),
        claimToken: null,
      };
      kind = giveUp ? 'failed' : 'retrying';
    }
    const recorded = await db
      .update(notificationEvents)
      .set(outcome)
      .where(stillMine)
      .returning({ id: notificationEvents.id });
    if (recorded.length) report[kind]++;
    else report.lost++;
  }
  return report;
}
