import { and, desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { invoices } from '@/db/schema';
import { listAttachments } from '@/lib/attachments/attachments';
import type { Actor } from '@/lib/auth/actor';
import { listShareLinks } from '@/lib/sharing/sharing';
import { SharePanel } from './share-panel';

/** The contract card's Sharing tab (staff): the links of the contract, their access log, a new one. */
export async function ShareSection({
  actor,
  contractId,
  live,
}: {
  actor: Actor;
  contractId: string;
  live: boolean;
}) {
  const db = getDb();
  const [links, files, invoiceRows] = await Promise.all([
    listShareLinks(db, actor, contractId),
    listAttachments(db, actor, { contractId }),
    db
      .select({ id: invoices.id, number: invoices.number })
      .from(invoices)
      .where(and(eq(invoices.contractId, contractId), eq(invoices.isDeleted, false)))
      .orderBy(desc(invoices.dateIssued), desc(invoices.number)),
  ]);
  return (
    <SharePanel
      contractId={contractId}
      canCreate={live}
      files={files.filter((f) => !f.internal).map((f) => ({ id: f.id, label: f.fileName }))}
      invoices={invoiceRows.map((i) => ({ id: i.id, label: i.number }))}
      links={links.map((l) => ({
        ...l,
        expiresAt: l.expiresAt.toISOString(),
        revokedAt: l.revokedAt?.toISOString() ?? null,
        createdAt: l.createdAt.toISOString(),
        accesses: l.accesses.map((a) => ({ ...a, at: a.at.toISOString() })),
      }))}
    />
  );
}
