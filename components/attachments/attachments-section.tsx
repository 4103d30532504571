import { getDb } from '@/db/client';
import { type AttachmentOwner, listAttachments } from '@/lib/attachments/attachments';
import { type Actor, can } from '@/lib/auth/actor';
import { maxUploadBytes } from '@/lib/storage/files';
import { AttachmentsPanel } from './attachments-panel';

/** The files tab of a contract or a policy holder: what this actor may see, and may do with them. */
export async function AttachmentsSection({
  actor,
  owner,
  live = true,
}: {
  actor: Actor;
  owner: AttachmentOwner;
  live?: boolean;
}) {
  const files = await listAttachments(getDb(), actor, owner);
  const right =
    'contractId' in owner
      ? actor.isPortal
        ? 'portal.comment'
        : 'contract.comment'
      : actor.isPortal
        ? 'portal.insurees.write'
        : 'policyholder.write';
  return (
    <AttachmentsPanel
      owner={owner}
      files={files.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() }))}
      canUpload={live && can(actor, right)}
      canMarkInternal={!actor.isPortal && can(actor, right)}
      maxMb={Math.round(maxUploadBytes() / 1048576)}
    />
  );
}
