'use server';
import { runAction } from '@/lib/action';
import { retryOutboxMail } from '@/lib/notifications/outbox';

export async function retryOutboxMailAction(id: string) {
  return runAction((db, actor) => retryOutboxMail(db, actor, id), { revalidate: ['/admin/outbox'] });
}
