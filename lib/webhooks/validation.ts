import { z } from 'zod';
import { WEBHOOK_EVENTS } from '@/db/schema/data-exchange';
import { err } from '../i18n/keyed';
import { optionalText, uuid, version } from '../validation/common';

const HTTPS_ONLY = err('webhooks.endpointHttpsAddress');

/**
 * An absolute https URL without credentials. Plain http is accepted only when the installation says
 * so (PACTUM_WEBHOOKS_ALLOW_HTTP=1: a local receiver while developing or testing an integration).
 */
export const webhookUrl = z
  .string({ error: err('webhooks.endpointAddressRequired') })
  .trim()
  .min(1, err('webhooks.endpointAddressRequired'))
  .max(2000, err('webhooks.endpointAddressTooLong'))
  .refine((v) => URL.canParse(v), err('webhooks.endpointAddressNotValid'))
  .refine((v) => {
    if (!URL.canParse(v)) return true;
    const u = new URL(v);
    return (
      u.protocol === 'https:' || (u.protocol === 'http:' && process.env.PACTUM_WEBHOOKS_ALLOW_HTTP === '1')
    );
  }, HTTPS_ONLY)
  .refine((v) => !URL.canParse(v) || (!new URL(v).username && !new URL(v).password), {
    message: err('webhooks.endpointAddressNotContain'),
  });

export const webhookEventList = z
  .array(z.enum(WEBHOOK_EVENTS, { error: err('webhooks.unknownEvent') }), {
    error: err('webhooks.chooseLeastOneEvent'),
  })
  .min(1, err('webhooks.chooseLeastOneEvent'))
  .transform((v) => [...new Set(v)]);

export const webhookEndpointInput = z.strictObject({
  url: webhookUrl,
  description: optionalText(255, 'description'),
  events: webhookEventList,
});
export type WebhookEndpointInput = z.input<typeof webhookEndpointInput>;

export const webhookEndpointUpdate = webhookEndpointInput.extend({
  id: uuid('endpoint'),
  version,
  isActive: z.boolean().default(true),
});

export const webhookEndpointDelete = z.strictObject({ id: uuid('endpoint'), version });

export const webhookDeliveryQuery = z.object({
  endpointId: z.string().uuid().optional().catch(undefined),
  status: z.enum(['pending', 'sent', 'failed']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(20).default(20),
});
