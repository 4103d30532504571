'use server';
import { runAction } from '@/lib/action';
import { deleteAttachment, setAttachmentInternal } from '@/lib/attachments/attachments';

// The pages that list files are rendered per request; the panel refreshes its page after a change.
export async function deleteAttachmentAction(input: { id: string; version: number }) {
  return runAction((db, actor) => deleteAttachment(db, actor, input));
}

export async function setAttachmentInternalAction(input: { id: string; version: number; internal: boolean }) {
  return runAction((db, actor) => setAttachmentInternal(db, actor, input));
}
