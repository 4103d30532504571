import { z } from 'zod';
import { AGE_BUCKETS } from '../../billing/aging';
import { listCreditNotes } from '../../billing/invoices';
import { recordReceipt, refundCredit, reverseReceipt } from '../../billing/receipts';
import { searchCreditNotes, searchPayments, searchReceipts } from '../../billing/registers';
import { billingRunInput, listBillingRuns, previewBillingRun, startBillingRun } from '../../billing/runs';
import { exportJournal, policyHolderStatement } from '../../billing/statement';
import type { ApiRoute } from '../router';
import {
  creditNoteJson,
  journalQuery,
  page,
  policyHolderReceiptBody,
  receiptResultJson,
  refundBody,
  refundResultJson,
  reversalBody,
  reversalResultJson,
  statementJson,
  statementQuery,
} from '../schemas';

const tag = 'Payments';
const registerQuery = z.object({
  q: z.string().optional(),
  page: z.string().optional(),
  pageSize: z.string().optional(),
});

/** The receivables ledger over the API: credit notes, receipts, reversals, refunds, statements, journal. */
export const billingRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/contracts/{id}/credit-notes',
    tag,
    summary: 'Credit notes issued against the contract’s invoices (amendments, terminations)',
    response: z.array(creditNoteJson),
    handler: ({ db, actor, params }) => listCreditNotes(db, actor, params.id!),
  },
  {
    method: 'POST',
    path: '/contracts/{id}/refunds',
    tag,
    summary: 'Refund the payer’s unallocated credit (approver); at most what is unallocated',
    body: refundBody,
    response: refundResultJson,
    status: 201,
    idempotent: true,
    handler: ({ db, actor, params, body }) => refundCredit(db, actor, { ...body, contractId: params.id }),
  },
  {
    method: 'POST',
    path: '/policy-holders/{id}/receipts',
    tag,
    summary:
      'Record a receipt for a policy holder: allocated to its open installments, oldest first (or to `invoiceId`); the rest is unallocated credit',
    body: policyHolderReceiptBody,
    response: receiptResultJson,
    status: 201,
    idempotent: true,
    handler: ({ db, actor, params, body }) =>
      recordReceipt(db, actor, { ...body, policyHolderId: params.id }),
  },
  {
    method: 'POST',
    path: '/policy-holders/{id}/refunds',
    tag,
    summary: 'Refund a policy holder’s unallocated credit (approver)',
    body: refundBody,
    response: refundResultJson,
    status: 201,
    idempotent: true,
    handler: ({ db, actor, params, body }) => refundCredit(db, actor, { ...body, policyHolderId: params.id }),
  },
  {
    method: 'GET',
    path: '/policy-holders/{id}/statement',
    tag,
    summary: 'Statement (invoices, credit notes, receipts, refunds, running balance) and aging',
    query: statementQuery,
    response: statementJson,
    handler: ({ db, actor, params, query }) => policyHolderStatement(db, actor, params.id!, query),
  },
  {
    method: 'POST',
    path: '/receipts/{id}/reversal',
    tag,
    summary:
      'Reverse a receipt (bounced, entered by mistake) with a reason (approver): its allocations are undone',
    body: reversalBody,
    response: reversalResultJson,
    status: 201,
    idempotent: true,
    handler: ({ db, actor, params, body }) => reverseReceipt(db, actor, { ...body, receiptId: params.id }),
  },
  {
    method: 'GET',
    path: '/receipts',
    tag,
    summary: 'The receipt register',
    query: registerQuery,
    response: page(z.looseObject({ id: z.string(), receiptNumber: z.string(), amount: z.string() })),
    handler: ({ db, actor, query }) => searchReceipts(db, actor, query),
  },
  {
    method: 'GET',
    path: '/installments',
    tag,
    summary:
      'The payment register: live installments by status (unpaid, partial, paid, overdue) and by age of what is still to receive (due within 30 days, overdue 0-30, 31-60, 61-90, 90+ days)',
    query: registerQuery.extend({
      status: z.enum(['unpaid', 'partial', 'paid', 'overdue']).optional(),
      age: z.enum(AGE_BUCKETS).optional(),
    }),
    response: page(z.looseObject({ id: z.string(), amount: z.string(), allocated: z.string() })),
    handler: ({ db, actor, query }) => searchPayments(db, actor, query),
  },
  {
    method: 'GET',
    path: '/credit-notes',
    tag,
    summary: 'The credit-note register',
    query: registerQuery,
    response: page(z.looseObject({ id: z.string(), number: z.string(), total: z.string() })),
    handler: ({ db, actor, query }) => searchCreditNotes(db, actor, query),
  },
  {
    method: 'GET',
    path: '/billing-runs/preview',
    tag,
    summary: 'What a billing run would bill: installments due up to `upTo`, contracts, total',
    query: billingRunInput,
    response: z.object({
      upTo: z.string(),
      installments: z.number(),
      contracts: z.number(),
      amount: z.string(),
    }),
    handler: ({ db, actor, query }) => previewBillingRun(db, actor, query),
  },
  {
    method: 'POST',
    path: '/billing-runs',
    tag,
    summary:
      'Start a billing run as a background job: every open installment due up to `upTo` is invoiced once (one invoice per contract), set-based; answers 202 with the run and its job (follow it at `url`); failures are listed on the run',
    body: billingRunInput,
    response: z.looseObject({
      id: z.string(),
      state: z.string(),
      total: z.number(),
      jobId: z.string(),
      url: z.string(),
    }),
    status: 202,
    idempotent: true,
    handler: async ({ db, actor, body }) => {
      const run = await startBillingRun(db, actor, body);
      return { ...run, url: `/api/v1/jobs/${run.jobId}` };
    },
  },
  {
    method: 'GET',
    path: '/billing-runs',
    tag,
    summary: 'The latest billing runs with their progress and failures',
    response: z.array(z.looseObject({ id: z.string(), state: z.string() })),
    handler: ({ db, actor }) => listBillingRuns(db, actor),
  },
  {
    method: 'GET',
    path: '/journal',
    tag,
    summary:
      'The journal of a period as CSV: one balanced entry per invoice, credit note, receipt, allocation, refund',
    query: journalQuery,
    produces: 'text/csv',
    handler: async ({ db, actor, query }) => {
      const j = await exportJournal(db, actor, query);
      return { filename: j.filename, body: j.csv };
    },
  },
];
