import { z } from 'zod';
import { WEBHOOK_EVENTS } from '@/db/schema/data-exchange';
import { optionalText, uuid, version } from '../validation/common';

const HTTPS_ONLY = 'The endpoint must be an https:// address.';

/**
 * An absolute https URL without credentials. Plain http is accepted only when the installation says
 * so (PACTUM_WEBHOOKS_ALLOW_HTTP=1: a local receiver while developing or testing an integration).
 */
export const webhookUrl = z
  .string({ error: 'The endpoint address is required.' })
  .trim()
  .min(1, 'The endpoint address is required.')
  .max(2000, 'The endpoint address must be at most 2000 characters.')
  .refine((v) => URL.canParse(v), 'The endpoint address is not a valid URL.')
  .refine((v) => {
    if (!URL.canParse(v)) return true;
    const u = new URL(v);
    return (
      u.protocol === 'https:' || (u.protocol === 'http:' && process.env.PACTUM_WEBHOOKS_ALLOW_HTTP === '1')
    );
  }, HTTPS_ONLY)
  .refine((v) => !URL.canParse(v) || (!new URL(v).username && !new URL(v).password), {
    message: 'The endpoint address must not contain a user name or password.',
  });

export const webhookEventList = z
  .array(z.enum(WEBHOOK_EVENTS, { error: 'Unknown event.' }), { error: 'Choose at least one event.' })
  .min(1, 'Choose at least one event.')
  .transform((v) => [...new Set(v)]);

export const webhookEndpointInput = z.strictObject({
  url: webhookUrl,
  description: optionalText(255, 'Description'),
  events: webhookEventList,
});
export type WebhookEndpointInput = z.input<typeof webhookEndpointInput>;

export const webhookEndpointUpdate = webhookEndpointInput.extend({
  id: uuid('Endpoint'),
  version,
  isActive: z.boolean().default(true),
});

export const webhookEndpointDelete = z.strictObject({ id: uuid('Endpoint'), version });

export const webhookDeliveryQuery = z.object({
  endpointId: z.string().uuid().optional().catch(undefined),
  status: z.enum(['pending', 'sent', 'failed']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(20).default(20),
});
