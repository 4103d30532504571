import { and, count, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { contracts, notificationEvents } from '@/db/schema';
import { type Actor, assertCan } from '../auth/actor';
import { NotFoundError } from '../errors';
import { err } from '../i18n/keyed';
import { containsPattern } from '../sql';
import { parseInput } from '../validation/parse';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'undeliverable'] as const;

const outboxQuery = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(20).default(20),
});

export type OutboxItem = {
  id: string;
  event: string;
  contractId: string | null;
  contractCode: string | null;
  recipient: string | null;
  language: string;
  subject: string;
  body: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
};

/** The outbox for administrators: newest first, by status, or by recipient / subject / contract code. */
export async function listOutbox(
  db: DbOrTx,
  actor: Actor,
  params: Record<string, unknown>,
): Promise<{ items: OutboxItem[]; total: number; page: number; pageSize: number }> {
  assertCan(actor, 'admin.outbox');
  const { status, q, page, pageSize } = parseInput(outboxQuery, params);
  const filters: (SQL | undefined)[] = [status ? eq(notificationEvents.status, status) : undefined];
  if (q) {
    const codes = db
      .select({ id: contracts.id })
      .from(contracts)
      .where(ilike(contracts.code, containsPattern(q)));
    filters.push(
      or(
        ilike(notificationEvents.recipient, containsPattern(q)),
        ilike(notificationEvents.subject, containsPattern(q)),
        inArray(notificationEvents.contractId, codes),
      ),
    );
  }
  const where = and(...filters);
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: notificationEvents.id,
        event: notificationEvents.event,
        contractId: notificationEvents.contractId,
        contractCode: contracts.code,
        recipient: notificationEvents.recipient,
        language: notificationEvents.language,
        subject: notificationEvents.subject,
        body: notificationEvents.body,
        status: notificationEvents.status,
        attempts: notificationEvents.attempts,
        lastError: notificationEvents.lastError,
        createdAt: notificationEvents.createdAt,
        nextAttemptAt: notificationEvents.nextAttemptAt,
        sentAt: notificationEvents.sentAt,
      })
      .from(notificationEvents)
      .leftJoin(contracts, eq(contracts.id, notificationEvents.contractId))
      .where(where)
      .orderBy(desc(notificationEvents.createdAt), desc(notificationEvents.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(notificationEvents).where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize };
}

/** An administrator queues a failed mail again, for a fresh round of attempts. */
export async function retryOutboxMail(db: DbOrTx, actor: Actor, id: string): Promise<void> {
  assertCan(actor, 'admin.outbox');
  const rows = await db
    .update(notificationEvents)
    .set({ status: 'pending', nextAttemptAt: new Date(), attempts: 0 })
    .where(and(eq(notificationEvents.id, id), eq(notificationEvents.status, 'failed')))
    .returning({ id: notificationEvents.id });
  if (!rows.length) throw new NotFoundError(err('notifications.noFailedMailId'));
}
