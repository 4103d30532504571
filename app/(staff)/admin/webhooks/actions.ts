'use server';
import { runAction } from '@/lib/action';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  redeliverWebhook,
  updateWebhookEndpoint,
} from '@/lib/webhooks/endpoints';

const revalidate = ['/admin/webhooks'];

export async function createWebhookEndpointAction(input: unknown) {
  return runAction((db, actor) => createWebhookEndpoint(db, actor, input), { revalidate });
}

export async function updateWebhookEndpointAction(input: unknown) {
  return runAction((db, actor) => updateWebhookEndpoint(db, actor, input), { revalidate });
}

export async function deleteWebhookEndpointAction(input: unknown) {
  return runAction((db, actor) => deleteWebhookEndpoint(db, actor, input), { revalidate });
}

export async function redeliverWebhookAction(id: string) {
  return runAction((db, actor) => redeliverWebhook(db, actor, id), { revalidate });
}
