import { z } from 'zod';
import { WEBHOOK_EVENTS } from '@/db/schema/data-exchange';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  updateWebhookEndpoint,
} from '../../webhooks/endpoints';
import { webhookEndpointInput, webhookEndpointUpdate } from '../../webhooks/validation';
import type { ApiRoute } from '../router';
import { versionBody } from '../schemas';

const tag = 'Webhooks';
const id = z.string().describe('uuid');
const at = z.string().describe('Date and time, ISO 8601');
const eventName = z.enum(WEBHOOK_EVENTS);

const endpointJson = z
  .object({
    id,
    version: z.number().int(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(eventName),
    isActive: z.boolean(),
    createdAt: at,
    pending: z.number().int().describe('Deliveries waiting to be sent or retried'),
    failed: z.number().int().describe('Deliveries given up after the last attempt'),
  })
  .meta({ id: 'WebhookEndpoint' });

const deliveryJson = z
  .object({
    id,
    endpointId: id,
    url: z.string(),
    eventId: id,
    event: eventName,
    payload: z.record(z.string(), z.unknown()).describe('The body sent (see the webhooks section)'),
    status: z.enum(['pending', 'sent', 'failed']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: at,
    nextAttemptAt: at,
    sentAt: at.nullable(),
    log: z.array(
      z.object({
        at,
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        durationMs: z.number().int(),
        response: z.string().nullable().describe('The first 500 characters of the answer'),
      }),
    ),
  })
  .meta({ id: 'WebhookDelivery' });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Partners' endpoints and the delivery log, over lib/webhooks (admin.webhooks). */
export const webhookRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/webhooks',
    tag,
    summary: 'List webhook endpoints (needs admin.webhooks; the secret is never shown again)',
    response: z.array(endpointJson),
    handler: async ({ db, actor }) =>
      (await listWebhookEndpoints(db, actor)).map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
  },
  {
    method: 'POST',
    path: '/webhooks',
    tag,
    summary: 'Register an https endpoint for events; answers its signing secret, once',
    body: webhookEndpointInput,
    response: z.object({ id, secret: z.string().describe('HMAC-SHA256 key of the Pactum-Signature header') }),
    status: 201,
    handler: ({ db, actor, body }) => createWebhookEndpoint(db, actor, body),
  },
  {
    method: 'PATCH',
    path: '/webhooks/{id}',
    tag,
    summary: 'Change an endpoint: address, description, events, active',
    body: webhookEndpointUpdate.omit({ id: true }),
    status: 204,
    handler: ({ db, actor, params, body }) => updateWebhookEndpoint(db, actor, { ...body, id: params.id }),
  },
  {
    method: 'DELETE',
    path: '/webhooks/{id}',
    tag,
    summary: 'Delete an endpoint (soft; its log is kept, what it has not received is given up)',
    body: versionBody,
    status: 204,
    handler: ({ db, actor, params, body }) => deleteWebhookEndpoint(db, actor, { ...body, id: params.id }),
  },
  {
    method: 'GET',
    path: '/webhook-deliveries',
    tag,
    summary: 'The delivery log, newest first, with every attempt',
    query: z.object({
      endpointId: z.string().optional(),
      status: z.enum(['pending', 'sent', 'failed']).optional(),
      page: z.coerce.number().int().min(1).optional(),
      pageSize: z.coerce.number().int().min(1).max(100).optional(),
    }),
    response: z.object({
      items: z.array(deliveryJson),
      total: z.number().int(),
      page: z.number().int(),
      pageSize: z.number().int(),
    }),
    handler: async ({ db, actor, query }) => {
      const r = await listWebhookDeliveries(db, actor, query);
      return {
        ...r,
        items: r.items.map((d) => ({
          ...d,
          createdAt: d.createdAt.toISOString(),
          nextAttemptAt: d.nextAttemptAt.toISOString(),
          sentAt: iso(d.sentAt),
          log: d.log.map((l) => ({ ...l, at: l.at.toISOString() })),
        })),
      };
    },
  },
  {
    method: 'POST',
    path: '/webhook-deliveries/{id}/redeliver',
    tag,
    summary: 'Send a delivery again (same event id), with a fresh round of attempts',
    status: 204,
    handler: ({ db, actor, params }) => redeliverWebhook(db, actor, params.id!),
  },
];

/** The payload every webhook POSTs (OpenAPI 3.1 `webhooks`): one operation per event. */
export function webhooksSection(): Record<string, unknown> {
  const payload = {
    type: 'object',
    required: ['id', 'type', 'createdAt', 'data'],
    properties: {
      id: {
        type: 'string',
        format: 'uuid',
        description:
          'The event id (also the Pactum-Event-Id header): dedupe on it, a delivery may come twice',
      },
      type: { type: 'string', enum: [...WEBHOOK_EVENTS] },
      createdAt: { type: 'string', format: 'date-time' },
      data: {
        type: 'object',
        properties: {
          policyHolderId: { type: ['string', 'null'], format: 'uuid' },
          contract: {
            type: ['object', 'null'],
            properties: {
              id: { type: 'string', format: 'uuid' },
              code: { type: 'string' },
              amendment: { type: 'integer' },
              state: { type: 'integer' },
              policyHolderCode: { type: ['string', 'null'] },
            },
          },
        },
        additionalProperties: true,
        description:
          'Per event: contract.approved has amountDue, datePaymentDue, paymentReference; contract.countered has reason; contract.terminated has dateTerminated; invoice.issued has invoiceNumber, invoiceTotal; receipt.recorded has receipt {id, receiptNumber, amount, receivedAt}; comment.added has comment {authorName, side, body} (internal notes are never sent).',
      },
    },
  };
  const headers = {
    'Pactum-Signature': {
      description:
        't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint secret>. Recompute it, compare in constant time, and refuse a t older than 5 minutes.',
      schema: { type: 'string' },
    },
    'Pactum-Event': { description: 'The event type', schema: { type: 'string' } },
    'Pactum-Event-Id': { description: 'The event id (payload id)', schema: { type: 'string' } },
    'Pactum-Delivery': {
      description: 'The delivery id (one per endpoint and event)',
      schema: { type: 'string' },
    },
  };
  return Object.fromEntries(
    WEBHOOK_EVENTS.map((event) => [
      event,
      {
        post: {
          summary: `${event}: sent to the endpoints registered for it`,
          description:
            'Answer 2xx within 15 s to acknowledge. Anything else (an error status, a redirect, a timeout) is retried after 1, 2, 4 … minutes (at most 6 h apart), 8 attempts in all; then the delivery is failed until sent again.',
          parameters: Object.entries(headers).map(([name, h]) => ({
            name,
            in: 'header',
            required: true,
            ...h,
          })),
          requestBody: { required: true, content: { 'application/json': { schema: payload } } },
          responses: { '200': { description: 'Received (any 2xx)' } },
        },
      },
    ]),
  );
}
