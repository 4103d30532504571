import { and, asc, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { attachments, contractComments, contracts } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { assertFound, assertVersion } from '../concurrency';
import { getContract } from '../contracts/contracts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { err, inEnglish, label } from '../i18n/keyed';
import {
  contentDisposition,
  maxUploadBytes,
  PREVIEWABLE,
  sanitizeFileName,
  sniffType,
} from '../storage/files';
import { getFileStore, newStorageKey, sha256Hex } from '../storage/storage';
import { uuid } from '../validation/common';
import { parseInput } from '../validation/parse';

export const UPLOAD_CATEGORIES = [
  'signed_contract',
  'employee_list',
  'medical',
  'correspondence',
  'other',
] as const;
export type AttachmentCategory = (typeof UPLOAD_CATEGORIES)[number] | 'document';

export type AttachmentOwner = { contractId: string } | { policyHolderId: string };

export type AttachmentDto = {
  id: string;
  version: number;
  category: AttachmentCategory;
  fileName: string;
  contentType: string;
  size: number;
  internal: boolean;
  side: 'insurer' | 'policy_holder' | 'system';
  uploaderName: string;
  createdAt: Date;
  previewable: boolean;
  /** Whether this actor may delete it / mark it internal (the services check again). */
  canDelete: boolean;
  canMarkInternal: boolean;
};

export const uploadInput = z.strictObject({
  contractId: uuid('contract').optional(),
  policyHolderId: uuid('policyHolder').optional(),
  /** A file attached to a comment of the contract's thread (by the comment's author). */
  commentId: uuid('comment').optional(),
  category: z.enum(UPLOAD_CATEGORIES, { error: err('attachments.chooseCategory') }),
  internal: z.boolean().optional(),
});

const changeInput = z.strictObject({ id: uuid('file'), version: z.number().int().positive() });
const internalInput = changeInput.extend({ internal: z.boolean() });

export const FILE_TOO_LARGE = (mb: number) => err('attachments.fileTooLarge', { mb });
export const CHECKSUM_MISMATCH = err('attachments.checksumMismatch');

/** The stored bytes no longer match the checksum taken at upload: a 500-class failure, never served. */
export class FileIntegrityError extends Error {
  constructor(readonly attachmentId: string) {
    super(inEnglish(CHECKSUM_MISMATCH));
    this.name = 'FileIntegrityError';
  }
}

const sideOf = (actor: Actor): 'policy_holder' | 'insurer' => (actor.isPortal ? 'policy_holder' : 'insurer');

/**
 * Who reads and who writes the files of an owner. A contract's files follow the contract's own scope
 * (getContract: another policy holder's contract is "not found"); writing is the right to write in its
 * thread. A policy holder's files follow the policy holder's scope and its write right.
 */
async function resolveOwner(
  db: DbOrTx,
  actor: Actor,
  owner: AttachmentOwner,
  mode: 'read' | 'write',
): Promise<{ contractId: string | null; policyHolderId: string | null }> {
  if ('contractId' in owner) {
    const c = await getContract(db, actor, owner.contractId, {
      includeDeleted: mode === 'read' && !actor.isPortal,
    });
    if (mode === 'write') assertCan(actor, actor.isPortal ? 'portal.comment' : 'contract.comment');
    return { contractId: c.id, policyHolderId: c.policyHolderId };
  }
  const phId = owner.policyHolderId;
  if (actor.isPortal) {
    assertCan(actor, mode === 'read' ? 'portal.insurees.read' : 'portal.insurees.write');
    if (!actor.policyHolderIds.includes(phId))
      throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
  } else {
    assertCan(actor, mode === 'read' ? 'policyholder.read' : 'policyholder.write');
  }
  return { contractId: null, policyHolderId: phId };
}

function mayWrite(actor: Actor, row: { contractId: string | null }): boolean {
  const p = row.contractId
    ? actor.isPortal
      ? 'portal.comment'
      : 'contract.comment'
    : actor.isPortal
      ? 'portal.insurees.write'
      : 'policyholder.write';
  return actor.permissions.has(p);
}

function toDto(actor: Actor, r: typeof attachments.$inferSelect): AttachmentDto {
  const write = mayWrite(actor, r);
  return {
    id: r.id,
    version: r.version,
    category: r.category as AttachmentCategory,
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.size,
    internal: r.internal,
    side: r.side as AttachmentDto['side'],
    uploaderName: r.uploaderName,
    createdAt: r.createdAt,
    previewable: PREVIEWABLE.has(r.contentType),
    // Generated documents are the insurer's record: the same bytes forever, never removed from the list.
    canDelete: write && r.side !== 'system' && (!actor.isPortal || r.side === 'policy_holder'),
    canMarkInternal: write && !actor.isPortal && r.side === 'insurer',
  };
}

/** The portal never sees internal files: filtered in the query, not in the page. */
const visible = (actor: Actor): SQL | undefined =>
  actor.isPortal ? eq(attachments.internal, false) : undefined;

/** The live files of a contract or of a policy holder (its own, not its contracts'), newest first. */
export async function listAttachments(
  db: DbOrTx,
  actor: Actor,
  owner: AttachmentOwner,
): Promise<AttachmentDto[]> {
  const o = await resolveOwner(db, actor, owner, 'read');
  const rows = await db
    .select()
    .from(attachments)
    .where(
      and(
        o.contractId
          ? eq(attachments.contractId, o.contractId)
          : and(eq(attachments.policyHolderId, o.policyHolderId!), isNull(attachments.contractId)),
        eq(attachments.isDeleted, false),
        visible(actor),
      ),
    )
    .orderBy(desc(attachments.createdAt), desc(attachments.id));
  return rows.map((r) => toDto(actor, r));
}

/**
 * Stores an uploaded file: checks the size, sniffs the type from the bytes (allow-list), sanitises the
 * name, stores the bytes under a key of our own, then records the row, its checksum and the audit in
 * one transaction. Bytes whose row was not written are removed again.
 */
export async function uploadAttachment(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  file: { name: string; bytes: Uint8Array },
): Promise<AttachmentDto> {
  const data = parseInput(uploadInput, input);
  if (!data.contractId === !data.policyHolderId)
    throw new ValidationError(err('attachments.chooseContractPolicyHolder'));
  if (data.internal && actor.isPortal) throw new ForbiddenError(err('attachments.insurerMarkFileInternal'));
  if (data.commentId && !data.contractId)
    throw new ValidationError(err('attachments.commentsFileBelongsContract'));
  const owner: AttachmentOwner = data.contractId
    ? { contractId: data.contractId }
    : { policyHolderId: data.policyHolderId! };
  const o = await resolveOwner(db, actor, owner, 'write');
  const max = maxUploadBytes();
  if (file.bytes.length > max) throw new ValidationError(FILE_TOO_LARGE(Math.round(max / 1048576)));
  const type = await sniffType(file.bytes, file.name);
  const fileName = sanitizeFileName(file.name, type.mime, type.ext);
  const sha256 = sha256Hex(file.bytes);
  const store = getFileStore();
  const storageKey = newStorageKey();
  await store.put(storageKey, file.bytes, type.mime);
  try {
    const row = await db.transaction(async (tx) => {
      if (o.contractId) {
        // Live and in scope at the moment of writing (it may have been deleted since the check above).
        const [c] = await tx
          .select({ id: contracts.id })
          .from(contracts)
          .where(and(eq(contracts.id, o.contractId), eq(contracts.isDeleted, false)))
          .for('share');
        assertFound(c, 'contract');
      }
      // A comment's files are its author's to add, and share its visibility: an internal note's files
      // are internal too (the portal never sees either).
      let internal = !!data.internal;
      if (data.commentId) {
        const [comment] = await tx
          .select({ authorId: contractComments.authorId, internal: contractComments.internal })
          .from(contractComments)
          .where(
            and(eq(contractComments.id, data.commentId), eq(contractComments.contractId, o.contractId!)),
          );
        assertFound(comment, 'comment');
        if (!comment.authorId || comment.authorId !== actor.id)
          throw new ForbiddenError(err('attachments.authorAttachFilesComment'));
        internal = internal || comment.internal;
      }
      const [created] = await tx
        .insert(attachments)
        .values({
          contractId: o.contractId,
          policyHolderId: o.policyHolderId,
          commentId: data.commentId ?? null,
          category: data.category,
          fileName,
          contentType: type.mime,
          size: file.bytes.length,
          sha256,
          storageKey,
          internal,
          side: sideOf(actor),
          uploaderName: actor.name,
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning();
      await writeAudit(tx, actor, [
        {
          operation: 'upload_attachment',
          entity: 'attachment',
          entityId: created!.id,
          changes: [
            { field: 'fileName', oldValue: null, newValue: fileName },
            { field: 'category', oldValue: null, newValue: data.category },
            { field: 'size', oldValue: null, newValue: String(file.bytes.length) },
            { field: 'sha256', oldValue: null, newValue: sha256 },
            { field: 'internal', oldValue: null, newValue: String(internal) },
          ],
        },
        ownerAudit('upload_attachment', o, null, fileName),
      ]);
      return created!;
    });
    return toDto(actor, row);
  } catch (e) {
    await store.remove(storageKey).catch(() => undefined);
    throw e;
  }
}

/** The owner's own history shows the file coming and going too. */
function ownerAudit(
  operation: string,
  o: { contractId: string | null; policyHolderId: string | null },
  oldValue: string | null,
  newValue: string | null,
) {
  return {
    operation,
    entity: o.contractId ? 'contract' : 'policy_holder',
    entityId: (o.contractId ?? o.policyHolderId)!,
    changes: [{ field: 'attachment', oldValue, newValue }],
  };
}

/** One file row this actor may read (scope, internal), or "not found". */
async function readableRow(db: DbOrTx, actor: Actor, id: string, options: { lock?: boolean } = {}) {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError(err('notFound', { label: label('file') }));
  const q = db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, id), eq(attachments.isDeleted, false), visible(actor)));
  const [row] = options.lock ? await q.for('update') : await q;
  assertFound(row, 'file');
  // The owner's scope decides, exactly as for the list (a foreign id is "not found").
  await resolveOwner(
    db,
    actor,
    row.contractId ? { contractId: row.contractId } : { policyHolderId: row.policyHolderId! },
    'read',
  );
  return row;
}

/**
 * The bytes of a file, verified against the checksum taken when it was stored. A mismatch is logged and
 * refused (FileIntegrityError): a tampered or corrupted file is never handed out as the original.
 */
export async function downloadAttachment(
  db: DbOrTx,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; contentType: string; bytes: Uint8Array; disposition: string }> {
  const row = await readableRow(db, actor, id);
  return { ...(await readVerified(row)), disposition: contentDisposition(row.fileName) };
}

export async function readVerified(row: {
  id: string;
  fileName: string;
  contentType: string;
  storageKey: string;
  sha256: string;
}): Promise<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  const bytes = await getFileStore().get(row.storageKey);
  if (sha256Hex(bytes) !== row.sha256) {
    console.error(`[attachments] checksum mismatch for ${row.id} (${row.storageKey})`);
    throw new FileIntegrityError(row.id);
  }
  return { fileName: row.fileName, contentType: row.contentType, bytes };
}

/** Hides a file (kept, with who and when, for the audit). The portal removes only its own side's files. */
export async function deleteAttachment(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  const { id, version } = parseInput(changeInput, input);
  await db.transaction(async (tx) => {
    const row = await readableRow(tx, actor, id, { lock: true });
    assertVersion(row, version, 'file');
    if (!toDto(actor, row).canDelete) throw new ForbiddenError(err('attachments.mayNotDeleteFile'));
    const now = new Date();
    await tx
      .update(attachments)
      .set({
        isDeleted: true,
        deletedAt: now,
        deletedBy: actor.id,
        version: row.version + 1,
        updatedAt: now,
        updatedBy: actor.id,
      })
      .where(eq(attachments.id, id));
    await writeAudit(tx, actor, [
      {
        operation: 'delete_attachment',
        entity: 'attachment',
        entityId: id,
        changes: [{ field: 'isDeleted', oldValue: 'false', newValue: 'true' }],
      },
      ownerAudit('delete_attachment', row, row.fileName, null),
    ]);
  });
}

/** Staff only: an internal file is never listed nor served to the portal. */
export async function setAttachmentInternal(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  if (actor.isPortal) throw new ForbiddenError(err('attachments.insurerMarkFileInternal'));
  const { id, version, internal } = parseInput(internalInput, input);
  await db.transaction(async (tx) => {
    const row = await readableRow(tx, actor, id, { lock: true });
    assertVersion(row, version, 'file');
    if (!toDto(actor, row).canMarkInternal)
      throw new ForbiddenError(err('attachments.fileInsurerAddedMarked'));
    if (row.internal === internal) return;
    await tx
      .update(attachments)
      .set({ internal, version: row.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(attachments.id, id));
    await writeAudit(tx, actor, [
      {
        operation: 'mark_attachment_internal',
        entity: 'attachment',
        entityId: id,
        changes: [{ field: 'internal', oldValue: String(row.internal), newValue: String(internal) }],
      },
    ]);
  });
}

export type CommentFileDto = { id: string; commentId: string; fileName: string; size: number };

/**
 * The live files of some comments (the thread's), as this actor may see them: the portal never gets an
 * internal one. The caller has checked the contract's scope already (listComments).
 */
export async function listCommentFiles(
  db: DbOrTx,
  actor: Actor,
  commentIds: string[],
): Promise<CommentFileDto[]> {
  if (!commentIds.length) return [];
  const rows = await db
    .select({
      id: attachments.id,
      commentId: attachments.commentId,
      fileName: attachments.fileName,
      size: attachments.size,
    })
    .from(attachments)
    .where(and(inArray(attachments.commentId, commentIds), eq(attachments.isDeleted, false), visible(actor)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
  return rows.map((r) => ({ ...r, commentId: r.commentId! }));
}
