import { z } from 'zod';
import { createInvoice, listInvoices } from '../../billing/invoices';
import { listPayments, recordPayment } from '../../billing/receipts';
import { addComment, listComments } from '../../comments/comments';
import { type BulkOp, startBulkJob } from '../../contracts/bulk';
import { createContract, deleteContract, getContract, updateContract } from '../../contracts/contracts';
import {
  addContractDetail,
  listContractDetails,
  removeContractDetail,
  updateContractDetail,
} from '../../contracts/details';
import { getContractHistory, listContributionDetails, listPersonsCovered } from '../../contracts/queries';
import { searchContracts } from '../../contracts/search';
import {
  amendContract,
  approveContract,
  counterContract,
  renewContract,
  setAutoRenew,
  submitContract,
  terminateContract,
} from '../../contracts/transitions';
import { NotFoundError } from '../../errors';
import { err, label } from '../../i18n/keyed';
import { contractCreate, contractUpdateFields } from '../../validation/contract';
import type { ApiContext, ApiRoute } from '../router';
import {
  autoRenewBody,
  bulkBody,
  commentBody,
  commentJson,
  contractJson,
  contractListQuery,
  contractToJson,
  contributionLineJson,
  detailCreateBody,
  detailJson,
  detailToJson,
  detailUpdateBody,
  historyJson,
  invoiceJson,
  page,
  paymentJson,
  personCoveredJson,
  receiptBody,
  receiptResultJson,
  renewBody,
  terminateBody,
  transitionBody,
  versionBody,
} from '../schemas';
import { jobJson, jobToJson } from './jobs';

const tag = 'Contracts';
const contractPatchBody = contractUpdateFields.omit({ id: true });

async function contract({ db, actor, params }: ApiContext) {
  return contractToJson(await getContract(db, actor, params.id!));
}

/** A detail id only counts inside its contract: another contract's detail is "not found". */
async function assertDetailOf(ctx: ApiContext) {
  const details = await listContractDetails(ctx.db, ctx.actor, ctx.params.id!);
  if (!details.some((d) => d.id === ctx.params.detailId))
    throw new NotFoundError(err('notFound', { label: label('contractDetail') }));
}

/** Transitions answer the contract; amend and renew create a new one, hence 201. */
const TRANSITIONS = [
  [
    'submit',
    submitContract,
    transitionBody,
    200,
    'Submit (the policy holder signs): Draft/Counter → Negotiable',
  ],
  [
    'counter',
    counterContract,
    transitionBody,
    200,
    'Ask for changes: Negotiable → Counter (comment = reason)',
  ],
  ['approve', approveContract, transitionBody, 200, 'Approve: contributions, policies, payment request'],
  [
    'terminate',
    terminateContract,
    terminateBody,
    200,
    'Terminate (comment = reason, required; dateTerminated = last day of cover, default today)',
  ],
  ['amend', amendContract, transitionBody, 201, 'Amend: creates amendment n+1 as a Draft (the new contract)'],
  ['renew', renewContract, renewBody, 201, 'Renew for the next period (the new contract)'],
] as const;

const BULK: BulkOp[] = ['approve', 'counter', 'invoice'];

export const contractRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/contracts',
    tag,
    summary:
      'Search contracts (every filter of the contract search); `total` is exact up to 10,000, beyond it is 10,001 with `totalExact` false; deep pages: pass `nextCursor` back as `after` (keyset, as fast as page 1)',
    query: contractListQuery,
    response: page(contractJson).extend({ totalExact: z.boolean(), nextCursor: z.string().nullable() }),
    handler: async ({ db, actor, query }) => {
      const r = await searchContracts(db, actor, query);
      return { ...r, items: r.items.map(contractToJson) };
    },
  },
  {
    method: 'POST',
    path: '/contracts',
    tag,
    summary: "Create a contract (Draft); the policy holder's insurees are imported as details",
    body: contractCreate,
    response: contractJson,
    status: 201,
    handler: async ({ db, actor, body }) => contractToJson(await createContract(db, actor, body)),
  },
  {
    method: 'GET',
    path: '/contracts/{id}',
    tag,
    summary: 'Read a contract',
    response: contractJson,
    handler: contract,
  },
  {
    method: 'PATCH',
    path: '/contracts/{id}',
    tag,
    summary: 'Change a contract (send the version you read)',
    body: contractPatchBody,
    response: contractJson,
    handler: async ({ db, actor, params, body }) =>
      contractToJson(await updateContract(db, actor, { ...body, id: params.id })),
  },
  {
    method: 'DELETE',
    path: '/contracts/{id}',
    tag,
    summary: 'Delete a contract (soft; Draft, Negotiable, Counter)',
    body: versionBody,
    status: 204,
    handler: async ({ db, actor, params, body }) => deleteContract(db, actor, { ...body, id: params.id }),
  },
  ...TRANSITIONS.map(
    ([name, op, body, status, summary]): ApiRoute => ({
      method: 'POST',
      path: `/contracts/{id}/${name}`,
      tag: 'Transitions',
      summary,
      body,
      response: contractJson,
      status,
      idempotent: true,
      handler: async (ctx) => contractToJson(await op(ctx.db, ctx.actor, { ...ctx.body, id: ctx.params.id })),
    }),
  ),
  {
    method: 'POST',
    path: '/contracts/{id}/auto-renew',
    tag,
    summary:
      'Switch automatic renewal on or off (staff with the renew right): the daily job then creates the next period’s contract',
    body: autoRenewBody,
    response: contractJson,
    handler: async ({ db, actor, params, body }) =>
      contractToJson(await setAutoRenew(db, actor, { ...body, id: params.id })),
  },
  ...BULK.map(
    (op): ApiRoute => ({
      method: 'POST',
      path: `/contracts/bulk/${op}`,
      tag: 'Bulk',
      summary: `Bulk ${op} by ids or by a search filter (the whole search, however large), as a background job: answers 202 with the job; follow it at its url (GET /jobs/{id}: progress, each failure with its reason)`,
      body: bulkBody,
      response: jobJson,
      status: 202,
      idempotent: true,
      handler: async ({ db, actor, body }) => jobToJson(await startBulkJob(db, actor, op, body)),
    }),
  ),
  {
    method: 'GET',
    path: '/contracts/{id}/details',
    tag: 'Contract details',
    summary: 'Insured persons of the contract',
    response: z.array(detailJson),
    handler: async ({ db, actor, params }) =>
      (await listContractDetails(db, actor, params.id!)).map(detailToJson),
  },
  {
    method: 'POST',
    path: '/contracts/{id}/details',
    tag: 'Contract details',
    summary:
      "Add an insured person (one of the policy holder's insurees; the bundle is the policy holder's declaration)",
    body: detailCreateBody,
    response: detailJson,
    status: 201,
    handler: async ({ db, actor, params, body }) => {
      const { id } = await addContractDetail(db, actor, { ...body, contractId: params.id });
      const created = (await listContractDetails(db, actor, params.id!)).find((d) => d.id === id);
      return detailToJson(created!);
    },
  },
  {
    method: 'PATCH',
    path: '/contracts/{id}/details/{detailId}',
    tag: 'Contract details',
    summary: 'Change the calculation parameters of an insured person (the bundle stays the declared one)',
    body: detailUpdateBody,
    response: detailJson,
    handler: async (ctx) => {
      await assertDetailOf(ctx);
      await updateContractDetail(ctx.db, ctx.actor, { ...ctx.body, id: ctx.params.detailId });
      const d = (await listContractDetails(ctx.db, ctx.actor, ctx.params.id!)).find(
        (x) => x.id === ctx.params.detailId,
      );
      return detailToJson(d!);
    },
  },
  {
    method: 'DELETE',
    path: '/contracts/{id}/details/{detailId}',
    tag: 'Contract details',
    summary: 'Remove an insured person',
    body: versionBody,
    status: 204,
    handler: async (ctx) => {
      await assertDetailOf(ctx);
      await removeContractDetail(ctx.db, ctx.actor, { ...ctx.body, id: ctx.params.detailId });
    },
  },
  {
    method: 'GET',
    path: '/contracts/{id}/contribution-details',
    tag: 'Contract details',
    summary: 'Contribution lines (after approval)',
    response: z.array(contributionLineJson),
    handler: ({ db, actor, params }) => listContributionDetails(db, actor, params.id!),
  },
  {
    method: 'GET',
    path: '/contracts/{id}/persons-covered',
    tag: 'Contract details',
    summary: 'Persons covered (once effective)',
    response: z.array(personCoveredJson),
    handler: ({ db, actor, params }) => listPersonsCovered(db, actor, params.id!),
  },
  {
    method: 'GET',
    path: '/contracts/{id}/payments',
    tag: 'Payments',
    summary:
      'Installments (the payment request per billing period), receipts with allocations, open and credit',
    response: paymentJson,
    handler: ({ db, actor, params }) => listPayments(db, actor, params.id!),
  },
  {
    method: 'POST',
    path: '/contracts/{id}/payments',
    tag: 'Payments',
    summary:
      'Record a receipt for the contract (or one of its invoices: `invoiceId`); refused where nothing is payable unless `advance`; an overpayment is kept as credit and said in the answer',
    body: receiptBody,
    response: receiptResultJson,
    status: 201,
    idempotent: true,
    handler: ({ db, actor, params, body }) => recordPayment(db, actor, { ...body, contractId: params.id }),
  },
  {
    method: 'GET',
    path: '/contracts/{id}/invoices',
    tag: 'Payments',
    summary: 'Invoices of the contract',
    response: z.array(invoiceJson),
    handler: ({ db, actor, params }) => listInvoices(db, actor, params.id!),
  },
  {
    method: 'POST',
    path: '/contracts/{id}/invoices',
    tag: 'Payments',
    summary: 'Invoice the next installment not invoiced yet, with those due by `upTo` (default today)',
    body: z.strictObject({ upTo: z.string().optional() }).optional(),
    response: invoiceJson,
    status: 201,
    idempotent: true,
    handler: ({ db, actor, params, body }) =>
      createInvoice(db, actor, { ...((body as object | undefined) ?? {}), contractId: params.id }),
  },
  {
    method: 'GET',
    path: '/contracts/{id}/comments',
    tag: 'Comments',
    summary: 'The comment thread (with the threads of the contracts it amends)',
    response: z.array(commentJson),
    handler: async ({ db, actor, params }) =>
      (await listComments(db, actor, params.id!)).map((c) => ({
        id: c.id,
        authorName: c.authorName,
        side: c.side,
        body: c.body,
        internal: c.internal,
        operation: c.operation,
        createdAt: c.createdAt.toISOString(),
        inherited: c.inherited,
      })),
  },
  {
    method: 'POST',
    path: '/contracts/{id}/comments',
    tag: 'Comments',
    summary: 'Post a comment (the other side is notified by e-mail unless internal)',
    body: commentBody,
    response: commentJson,
    status: 201,
    handler: async ({ db, actor, params, body }) => {
      const c = await addComment(db, actor, { ...body, contractId: params.id });
      return {
        id: c.id,
        authorName: c.authorName,
        side: c.side,
        body: c.body,
        internal: c.internal,
        operation: c.operation,
        createdAt: c.createdAt.toISOString(),
        inherited: false,
      };
    },
  },
  {
    method: 'GET',
    path: '/contracts/{id}/history',
    tag: 'Contracts',
    summary: 'Audit trail: who changed which field, when (newest first)',
    response: z.array(historyJson),
    handler: ({ db, actor, params }) => getContractHistory(db, actor, params.id!),
  },
];
