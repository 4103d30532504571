import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { Resend } from 'resend';
import type { DbOrTx } from '@/db/client';
import { notificationEvents } from '@/db/schema';

export type Mail = { to: string; subject: string; text: string };

/** Where mails go. A transport throws when a mail was not accepted; the outbox then retries it later. */
export type Transport = { name: string; send(mail: Mail): Promise<void> };

export const MAX_ATTEMPTS = 8;
/** How long a claimed mail is reserved for the sender that claimed it (a crash mid-send frees it again). */
export const LEASE_MS = 5 * 60_000;

/** Wait before attempt n + 1 after n failed attempts: 1 min, 2, 4, … capped at 6 hours. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failedAttempts - 1), 6 * 3_600_000);
}

export function resendTransport(apiKey: string, from: string): Transport {
  const resend = new Resend(apiKey);
  return {
    name: 'resend',
    async send(mail) {
      const { error } = await resend.emails.send({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
      if (error) throw new Error(`Resend: ${error.message}`);
    },
  };
}

/** Resend when RESEND_API_KEY is set; otherwise none, and mails wait in the outbox (visible in /admin/outbox). */
export function transportFromEnv(env = process.env): Transport | null {
  const key = env.RESEND_API_KEY?.trim();
  if (!key) return null;
  return resendTransport(key, env.MAIL_FROM?.trim() || 'Pactum <notifications@pactum.example>');
}

export type DeliveryReport = { sent: number; retrying: number; failed: number };

/**
 * Delivers due mails. Each is first claimed with a short lease (one statement, `skip locked`, so two
 * senders never take the same mail) and sent outside any transaction, so a slow mail server never holds
 * a database connection or lock. At least once: a crash after sending and before recording it sends
 * that mail again when the lease ends.
 */
export async function deliverPending(
  db: DbOrTx,
  transport: Transport,
  options: { now?: Date; limit?: number } = {},
): Promise<DeliveryReport> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 50;
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const due = db
    .select({ id: notificationEvents.id })
    .from(notificationEvents)
    .where(and(eq(notificationEvents.status, 'pending'), lte(notificationEvents.nextAttemptAt, now)))
    .orderBy(notificationEvents.nextAttemptAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(notificationEvents)
    .set({ nextAttemptAt: leaseUntil, attempts: sql`${notificationEvents.attempts} + 1` })
    .where(inArray(notificationEvents.id, due))
    .returning();

  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (const mail of claimed) {
    try {
      if (!mail.recipient) throw new Error('No recipient.');
      await transport.send({ to: mail.recipient, subject: mail.subject, text: mail.body });
      await db
        .update(notificationEvents)
        .set({ status: 'sent', sentAt: new Date(), lastError: null })
        .where(eq(notificationEvents.id, mail.id));
      report.sent++;
    } catch (e) {
      const error = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
      const giveUp = mail.attempts >= MAX_ATTEMPTS;
      await db
        .update(notificationEvents)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lastError: error,
          nextAttemptAt: new Date(now.getTime() + backoffMs(mail.attempts)),
        })
        .where(eq(notificationEvents.id, mail.id));
      if (giveUp) report.failed++;
      else report.retrying++;
    }
  }
  return report;
}
