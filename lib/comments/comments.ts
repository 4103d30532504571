import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { contractComments } from '@/db/schema';
import { type CommentFileDto, listCommentFiles } from '../attachments/attachments';
import { type Actor, assertCan } from '../auth/actor';
import { getContract } from '../contracts/contracts';
import { ForbiddenError } from '../errors';
import { err } from '../i18n/keyed';
import { recordCommentEvents } from '../notifications/events';
import { uuid } from '../validation/common';
import { parseInput } from '../validation/parse';

export const COMMENT_MAX = 5000;

export const commentInput = z.strictObject({
  contractId: uuid('contract'),
  body: z
    .string()
    .trim()
    .min(1, err('comments.writeCommentFirst'))
    .max(COMMENT_MAX, err('comments.commentMost5000')),
  internal: z.boolean().optional(),
});

export type CommentSide = 'insurer' | 'policy_holder';

export type CommentDto = {
  id: string;
  contractId: string;
  authorName: string;
  side: CommentSide;
  body: string;
  internal: boolean;
  operation: string | null;
  createdAt: Date;
  /** Written on an earlier version of the contract (before an amendment): shown, read-only. */
  inherited: boolean;
  amendment: number;
  /** Files attached to the comment (issue 16), as this reader may see them. */
  files: CommentFileDto[];
};

const sideOf = (actor: Actor): CommentSide => (actor.isPortal ? 'policy_holder' : 'insurer');

function assertMayComment(actor: Actor): void {
  assertCan(actor, actor.isPortal ? 'portal.comment' : 'contract.comment');
}

/**
 * The thread of a contract, oldest first, including the threads of the contracts it amends: a
 * conversation is kept through amendments. The portal never receives internal notes: they are filtered
 * in the query, not in the page.
 */
export async function listComments(db: DbOrTx, actor: Actor, contractId: string): Promise<CommentDto[]> {
  await getContract(db, actor, contractId, { includeDeleted: !actor.isPortal });
  const rows = await db.execute<{
    id: string;
    contract_id: string;
    author_name: string;
    side: CommentSide;
    body: string;
    internal: boolean;
    operation: string | null;
    created_at: string | Date;
    amendment: number;
  }>(sql`
    with recursive lineage(id, amendment, depth) as (
      select id, amendment, 0 from contracts where id = ${contractId}
      union all
      select p.id, p.amendment, l.depth + 1 from contracts p
        join contracts c on c.parent_id = p.id join lineage l on l.id = c.id
      where l.depth < 100
    )
    select cc.id, cc.contract_id, cc.author_name, cc.side, cc.body, cc.internal, cc.operation, cc.created_at,
      l.amendment
    from contract_comments cc join lineage l on l.id = cc.contract_id
    ${actor.isPortal ? sql`where cc.internal = false` : sql``}
    order by cc.created_at, cc.id`);
  const files = await listCommentFiles(
    db,
    actor,
    [...rows].map((r) => r.id),
  );
  return [...rows].map((r) => ({
    id: r.id,
    contractId: r.contract_id,
    authorName: r.author_name,
    side: r.side,
    body: r.body,
    internal: r.internal,
    operation: r.operation,
    createdAt: new Date(r.created_at),
    inherited: r.contract_id !== contractId,
    amendment: Number(r.amendment),
    files: files.filter((f) => f.commentId === r.id),
  }));
}

/** A new comment on a live contract; the other side is notified unless it is an internal note. */
export async function addComment(db: DbOrTx, actor: Actor, input: unknown): Promise<CommentDto> {
  assertMayComment(actor);
  const data = parseInput(commentInput, input);
  if (data.internal && actor.isPortal) throw new ForbiddenError(err('comments.insurerWriteInternalNotes'));
  return db.transaction(async (tx) => {
    // In scope and not deleted, or "not found" (another policy holder's id never reveals anything).
    await getContract(tx, actor, data.contractId);
    const [row] = await tx
      .insert(contractComments)
      .values({
        contractId: data.contractId,
        authorId: actor.id,
        authorName: actor.name,
        side: sideOf(actor),
        body: data.body,
        internal: !!data.internal,
      })
      .returning();
    await recordCommentEvents(tx, {
      contractId: data.contractId,
      authorId: actor.id,
      authorName: actor.name,
      side: sideOf(actor),
      body: data.body,
      internal: !!data.internal,
    });
    return { ...row!, side: row!.side as CommentSide, inherited: false, amendment: 0, files: [] };
  });
}

/** Operations whose own notification already tells the other side; their comment is not mailed twice. */
const MAILED_BY_EVENT = new Set(['approve', 'counter', 'terminate']);

/**
 * The optional comment given with a transition goes into the thread, linked to that operation, in the
 * transition's transaction. Called for many contracts at once by a bulk approval.
 */
export async function postTransitionComments(
  tx: DbOrTx,
  actor: Actor,
  contractIds: string[],
  operation: string,
  body: string | null | undefined,
): Promise<void> {
  const text = body?.trim().slice(0, COMMENT_MAX);
  if (!text || !contractIds.length) return;
  const side = sideOf(actor);
  for (let i = 0; i < contractIds.length; i += 500) {
    await tx.insert(contractComments).values(
      contractIds.slice(i, i + 500).map((contractId) => ({
        contractId,
        authorId: actor.id,
        authorName: actor.name,
        side,
        body: text,
        operation,
      })),
    );
  }
  if (!MAILED_BY_EVENT.has(operation)) {
    for (const contractId of contractIds) {
      await recordCommentEvents(tx, {
        contractId,
        authorId: actor.id,
        authorName: actor.name,
        side,
        body: text,
        internal: false,
      });
    }
  }
}
