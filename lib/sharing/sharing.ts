import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { attachments, invoices, shareLinks } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { assertFound } from '../concurrency';
import { getContract } from '../contracts/contracts';
import { ForbiddenError, InvalidStateError, ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import { email, uuid } from '../validation/common';
import { parseInput } from '../validation/parse';

export const SHARE_KINDS = ['contract', 'attachment', 'invoice'] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];
export const SHARE_MAX_DAYS = 90;
export const SHARE_UNITS = ['minutes', 'hours', 'days'] as const;
const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export const shareInput = z.strictObject({
  contractId: uuid('contract'),
  kind: z.enum(SHARE_KINDS, { error: err('sharing.chooseWhatShare') }),
  attachmentId: uuid('file').optional(),
  invoiceId: uuid('invoice').optional(),
  /** How long the link works: a number of minutes, hours or days, at most 90 days. */
  validFor: z.coerce
    .number({ error: err('sharing.giveHowLongLink') })
    .int(err('sharing.giveHowLongLink'))
    .min(1, err('sharing.giveHowLongLink')),
  unit: z.enum(SHARE_UNITS).default('days'),
  recipientEmail: email('email'),
});

export type ShareStatus = 'active' | 'expired' | 'revoked';

export type ShareLinkDto = {
  id: string;
  kind: ShareKind;
  /** What it shows: the contract's code, the file's or the invoice's name. */
  target: string;
  recipientEmail: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  status: ShareStatus;
  createdAt: Date;
  createdByName: string;
  accesses: { at: Date; outcome: string; email: string | null; ip: string | null }[];
  accessCount: number;
};

/** Only a hash of a link's token is stored: a copy of the database opens no link. */
export const hashShareToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** 32 random bytes: unguessable, and URL-safe as it is. */
export const newShareToken = (): string => randomBytes(32).toString('base64url');

export function shareStatus(row: { revokedAt: Date | null; expiresAt: Date }, now = new Date()): ShareStatus {
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

/**
 * Sharing is the insurer's: a link hands the contract's data to someone outside Pactum, so it takes the
 * right to write in the contract's thread (contract.comment, what speaks to the outside) and staff.
 */
function assertMayShare(actor: Actor): void {
  if (actor.isPortal) throw new ForbiddenError();
  assertCan(actor, 'contract.comment');
}

/**
 * A new link. What it shows must be the contract's own and never internal (an internal or deleted file,
 * another contract's invoice are refused). The token is returned once, here; only its hash is kept.
 */
export async function createShareLink(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<{ id: string; token: string; expiresAt: Date }> {
  assertMayShare(actor);
  const data = parseInput(shareInput, input);
  const contract = await getContract(db, actor, data.contractId);
  if (data.kind === 'attachment') {
    if (!data.attachmentId) throw new ValidationError(err('sharing.chooseFileShare'));
    const [file] = await db
      .select({ internal: attachments.internal })
      .from(attachments)
      .where(
        and(
          eq(attachments.id, data.attachmentId),
          eq(attachments.contractId, contract.id),
          eq(attachments.isDeleted, false),
        ),
      );
    assertFound(file, 'file');
    if (file.internal) throw new InvalidStateError(err('sharing.internalFileCannotShared'));
  }
  if (data.kind === 'invoice') {
    if (!data.invoiceId) throw new ValidationError(err('sharing.chooseInvoiceShare'));
    const [inv] = await db
      .select({ id: invoices.id })
      .from(invoices)
      .where(
        and(
          eq(invoices.id, data.invoiceId),
          eq(invoices.contractId, contract.id),
          eq(invoices.isDeleted, false),
        ),
      );
    assertFound(inv, 'invoice');
  }
  const span = data.validFor * UNIT_MS[data.unit];
  if (span > SHARE_MAX_DAYS * UNIT_MS.days)
    throw new ValidationError(err('sharing.linkWorksMost90'), {
      validFor: [err('sharing.linkWorksMost90')],
    });
  const token = newShareToken();
  const expiresAt = new Date(now.getTime() + span);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(shareLinks)
      .values({
        contractId: contract.id,
        kind: data.kind,
        attachmentId: data.kind === 'attachment' ? data.attachmentId : null,
        invoiceId: data.kind === 'invoice' ? data.invoiceId : null,
        tokenHash: hashShareToken(token),
        recipientEmail: data.recipientEmail,
        expiresAt,
        createdAt: now,
        createdBy: actor.id,
        createdByName: actor.name,
      })
      .returning({ id: shareLinks.id });
    await writeAudit(tx, actor, [
      {
        operation: 'create_share_link',
        entity: 'contract',
        entityId: contract.id,
        changes: [
          { field: 'shareLink', oldValue: null, newValue: data.kind },
          { field: 'recipientEmail', oldValue: null, newValue: data.recipientEmail },
          { field: 'expiresAt', oldValue: null, newValue: expiresAt.toISOString() },
        ],
      },
    ]);
    return row!.id;
  });
  return { id, token, expiresAt };
}

/** A contract's links, newest first, with their last accesses (staff only). */
export async function listShareLinks(
  db: DbOrTx,
  actor: Actor,
  contractId: string,
  now = new Date(),
): Promise<ShareLinkDto[]> {
  assertMayShare(actor);
  const contract = await getContract(db, actor, contractId, { includeDeleted: true });
  const rows = await db
    .select({
      link: shareLinks,
      fileName: attachments.fileName,
      invoiceNumber: invoices.number,
    })
    .from(shareLinks)
    .leftJoin(attachments, eq(attachments.id, shareLinks.attachmentId))
    .leftJoin(invoices, eq(invoices.id, shareLinks.invoiceId))
    .where(eq(shareLinks.contractId, contract.id))
    .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id));
  const ids = rows.map((r) => r.link.id);
  // The last ten accesses of each link and how many there were, in one query.
  const log = ids.length
    ? [
        ...(await db.execute<{
          share_link_id: string;
          at: string | Date;
          outcome: string;
          email: string | null;
          ip: string | null;
          total: number | string;
        }>(sql`
          select * from (
            select a.share_link_id, a.at, a.outcome, a.email, a.ip,
              row_number() over (partition by a.share_link_id order by a.at desc, a.id desc) as n,
              count(*) over (partition by a.share_link_id) as total
            from share_link_accesses a
            where a.share_link_id in (${sql.join(
              ids.map((i) => sql`${i}::uuid`),
              sql`, `,
            )})
          ) s where s.n <= 10 order by s.at desc`)),
      ]
    : [];
  return rows.map(({ link, fileName, invoiceNumber }) => {
    const mine = log.filter((l) => l.share_link_id === link.id);
    return {
      id: link.id,
      kind: link.kind as ShareKind,
      target:
        link.kind === 'attachment'
          ? (fileName ?? '')
          : link.kind === 'invoice'
            ? (invoiceNumber ?? '')
            : contract.code,
      recipientEmail: link.recipientEmail,
      expiresAt: link.expiresAt,
      revokedAt: link.revokedAt,
      status: shareStatus(link, now),
      createdAt: link.createdAt,
      createdByName: link.createdByName,
      accesses: mine.map(({ at, outcome, email: e, ip }) => ({ at: new Date(at), outcome, email: e, ip })),
      accessCount: Number(mine[0]?.total ?? 0),
    };
  });
}

/** Revoking works at once: the next visit shows "revoked". Revoking twice is harmless. */
export async function revokeShareLink(db: DbOrTx, actor: Actor, input: unknown, now = new Date()) {
  assertMayShare(actor);
  const { id } = parseInput(z.strictObject({ id: uuid('shareLink') }), input);
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(shareLinks).where(eq(shareLinks.id, id)).for('update');
    assertFound(row, 'shareLink');
    // In the actor's scope through its contract, like everything else of the contract.
    await getContract(tx, actor, row.contractId, { includeDeleted: true });
    if (row.revokedAt) return;
    await tx.update(shareLinks).set({ revokedAt: now, revokedBy: actor.id }).where(eq(shareLinks.id, id));
    await writeAudit(tx, actor, [
      {
        operation: 'revoke_share_link',
        entity: 'contract',
        entityId: row.contractId,
        changes: [{ field: 'shareLink', oldValue: row.kind, newValue: null }],
      },
    ]);
  });
}
