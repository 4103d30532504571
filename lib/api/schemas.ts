import { z } from 'zod';
import type { ContractDto } from '../contracts/contracts';
import type { ContractDetailDto } from '../contracts/details';
import { STATES } from '../contracts/states';
import { err } from '../i18n/keyed';
import type { PolicyHolderInsureeDto } from '../policy-holders/insurees';
import { isoDate, optionalIsoDate, pageParams, uuid, version } from '../validation/common';
import {
  contractFilter,
  contractSort,
  receiptFields,
  receiptReversalInput,
  refundFields,
} from '../validation/contract';
import { newInsureeInput } from '../validation/policy-holder';
import { referenceSearch } from '../validation/reference';

/*
 * The JSON shapes of /api/v1: responses are typed by these schemas (the serializers return their
 * z.output), and the OpenAPI document is generated from them, so code and description cannot drift.
 */

const money = z.string().describe('Decimal amount as a string, e.g. "125.00"');
const day = z.string().describe('Date, YYYY-MM-DD');
const id = z.string().describe('uuid');
/** Every record: its optimistic-lock version (send it back to change the record) and soft-delete flag. */
const liveRecord = { version: z.number().int(), isDeleted: z.boolean() };
const validity = { dateValidFrom: day, dateValidTo: day.nullable() };

export const errorJson = z
  .object({
    error: z.object({
      code: z.enum([
        'invalid_request',
        'unauthenticated',
        'forbidden',
        'not_found',
        'method_not_allowed',
        'conflict',
        'validation_failed',
        'invalid_state',
        'payload_too_large',
        'rate_limited',
        'internal',
      ]),
      message: z
        .string()
        .meta({ description: 'What went wrong, in English (unchanged for existing clients).' }),
      messageKey: z.string().optional().meta({
        description:
          'The message’s key in Pactum’s catalogues (e.g. `errors.notFound`), stable across wordings: show your own text for it, or `message`.',
      }),
      params: z
        .record(z.string(), z.union([z.string(), z.number()]))
        .optional()
        .meta({
          description:
            'The values the message names (`{"label": "Contract"}`); a value that is itself a label, a state or a message is given in English.',
        }),
      fieldErrors: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .meta({ description: 'Per field (a path such as `details.0.income`), its messages in English.' }),
      fieldErrorKeys: z.record(z.string(), z.array(z.string().nullable())).optional().meta({
        description: 'The keys of `fieldErrors`, in the same order (null for a message without one).',
      }),
    }),
  })
  .meta({ id: 'Error' });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

/** Query of the reference lists: the services' own search and paging schemas, so the description cannot drift. */
export const listQuery = referenceSearch.extend(pageParams.shape);

const STATE_NAMES = Object.values(STATES).map((s) => s.name) as [string, ...string[]];

export const contractJson = z
  .object({
    id,
    code: z.string(),
    policyHolderId: id.nullable(),
    state: z.enum(STATE_NAMES),
    stateCode: z.number().int().min(1).max(11),
    stateReason: z.string().nullable(),
    amountNotified: money.nullable(),
    amountRectified: money.nullable(),
    amountDue: money.nullable(),
    amountGross: money
      .nullable()
      .describe(
        "The valuation before what the amendment chain received: an amendment's notified, rectified and due amounts are net of it",
      ),
    amount: money.nullable().describe('Due, else rectified, else notified'),
    currency: z.string().describe('ISO 4217 code of every amount (the installation’s PACTUM_CURRENCY)'),
    dateApproved: z.string().nullable().describe('Timestamp (ISO 8601)'),
    datePaymentDue: day.nullable(),
    paymentReference: z.string().nullable(),
    amendment: z.number().int(),
    parentId: id.nullable().describe('The contract an amendment amends'),
    dateValidFrom: day,
    dateValidTo: day,
    autoRenew: z.boolean().describe('The daily job creates the next period’s contract before this one ends'),
    dateTerminated: day.nullable().describe('Manual termination: the last day of cover'),
    ...liveRecord,
  })
  .meta({ id: 'Contract' });

export function contractToJson(c: ContractDto): z.output<typeof contractJson> {
  return {
    id: c.id,
    code: c.code,
    policyHolderId: c.policyHolderId,
    state: c.stateName,
    stateCode: c.state,
    stateReason: c.stateReason,
    amountNotified: c.amountNotified,
    amountRectified: c.amountRectified,
    amountDue: c.amountDue,
    amountGross: c.amountGross,
    amount: c.amount,
    currency: c.currency,
    dateApproved: c.dateApproved,
    datePaymentDue: c.datePaymentDue,
    paymentReference: c.paymentReference,
    amendment: c.amendment,
    parentId: c.parentId,
    dateValidFrom: c.dateValidFrom,
    dateValidTo: c.dateValidTo,
    autoRenew: c.autoRenew,
    dateTerminated: c.dateTerminated,
    version: c.version,
    isDeleted: c.isDeleted,
  };
}

/** Every filter of the contract search, with sort and paging: the very schemas searchContracts parses. */
export const contractListQuery = contractFilter.extend(contractSort.shape).extend(pageParams.shape);

/** The version the client read: required on every change of a versioned record; a stale one answers 409. */
const seenVersion = version.describe('The version you read; required; a stale one answers 409 (conflict)');

export const transitionBody = z.strictObject({
  comment: z.string().max(5000).optional(),
  version: seenVersion,
});
export const terminateBody = transitionBody.extend({
  comment: z.string().min(1).max(5000),
  dateTerminated: isoDate('terminationDate')
    .optional()
    .describe(
      'The last day of cover: today (the default) or later, at the latest the end of the contract; what was paid for the days after comes back as a credit',
    ),
});
export const autoRenewBody = z.strictObject({ version: seenVersion, autoRenew: z.boolean() });
export const renewBody = transitionBody.extend({ code: z.string().max(64).optional() });

export const bulkBody = z
  .strictObject({
    ids: z.array(uuid('contract')).max(100_000).optional(),
    filter: contractFilter.optional(),
    comment: z.string().max(5000).optional(),
  })
  .refine((b) => !!b.ids !== !!b.filter, err('api.idsOrFilter'));

export const detailJson = z
  .object({
    id,
    version: z.number().int(),
    insureeId: id,
    insuranceNumber: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    contributionPlanBundleId: id,
    bundleCode: z.string(),
    calculationParams: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'ContractDetail' });

export function detailToJson(d: ContractDetailDto): z.output<typeof detailJson> {
  return {
    id: d.id,
    version: d.version,
    insureeId: d.insureeId,
    insuranceNumber: d.insuranceNumber,
    firstName: d.firstName,
    lastName: d.lastName,
    contributionPlanBundleId: d.bundleId,
    bundleCode: d.bundleCode,
    calculationParams: d.calculationParams,
  };
}

export const detailCreateBody = z.strictObject({
  insureeId: uuid('insuree'),
  calculationParams: z.record(z.string(), z.unknown()).optional(),
  contractVersion: seenVersion.describe('The version of the contract you read (adding a person changes it)'),
});
export const detailUpdateBody = z.strictObject({
  version: seenVersion,
  calculationParams: z.record(z.string(), z.unknown()).optional(),
});

export const phInsureeJson = z
  .object({
    id,
    version: z.number().int(),
    insureeId: id,
    insuranceNumber: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    contributionPlanBundleId: id.nullable(),
    calculationParams: z.record(z.string(), z.unknown()),
    dateValidFrom: day,
    dateValidTo: day.nullable(),
  })
  .meta({ id: 'PolicyHolderInsuree' });

export function phInsureeToJson(l: PolicyHolderInsureeDto): z.output<typeof phInsureeJson> {
  return {
    id: l.id,
    version: l.version,
    insureeId: l.insureeId,
    insuranceNumber: l.insuranceNumber,
    firstName: l.firstName,
    lastName: l.lastName,
    contributionPlanBundleId: l.bundleId,
    calculationParams: l.calculationParams,
    dateValidFrom: l.dateValidFrom,
    dateValidTo: l.dateValidTo,
  };
}

export const phInsureeCreateBody = z.strictObject({
  insureeId: uuid('insuree').optional(),
  newInsuree: newInsureeInput.strict().optional().describe('A new person, instead of insureeId'),
  contributionPlanBundleId: uuid('contributionPlanBundle'),
  calculationParams: z.record(z.string(), z.unknown()).optional(),
  dateValidFrom: isoDate('validFrom'),
  dateValidTo: optionalIsoDate('validTo'),
});
export const phInsureeUpdateBody = z.strictObject({
  version: version,
  contributionPlanBundleId: uuid('contributionPlanBundle'),
  calculationParams: z.record(z.string(), z.unknown()).optional(),
  dateValidFrom: isoDate('validFrom'),
  dateValidTo: optionalIsoDate('validTo'),
});

export const policyHolderJson = z
  .object({
    id,
    version: z.number().int(),
    code: z.string(),
    tradeName: z.string(),
    contactName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    language: z.enum(['en', 'fr']),
    paymentReference: z.string().nullable(),
    dateValidFrom: day,
    dateValidTo: day.nullable(),
    isDeleted: z.boolean(),
  })
  .meta({ id: 'PolicyHolder' });

export const productJson = z
  .object({
    id,
    code: z.string(),
    name: z.string(),
    insurancePeriodMonths: z.number().int(),
    gracePeriodDays: z
      .number()
      .int()
      .describe('Days policies and persons covered run on after the period paid for'),
    billingFrequencyMonths: z.number().int().describe('1, 3, 6 or 12: one installment each'),
    payBeforeEffective: z
      .enum(['first', 'all'])
      .describe('What must be paid before a contract becomes Effective: its first installment, or all'),
    renewAsNegotiable: z.boolean().describe('Automatic renewals start Negotiable instead of Draft'),
    ...liveRecord,
  })
  .meta({ id: 'Product' });

export const planJson = z
  .object({
    id,
    code: z.string(),
    name: z.string(),
    productId: id,
    calculationRule: z
      .string()
      .describe(
        '"percent-of-income", "fixed-amount", or "premium-rule" (params.rule names a configured premium rule)',
      ),
    params: z.record(z.string(), z.unknown()),
    periodicityMonths: z.number().int(),
    ...validity,
    ...liveRecord,
  })
  .meta({ id: 'ContributionPlan' });

export const bundleJson = z
  .object({
    id,
    code: z.string(),
    name: z.string(),
    periodicityMonths: z.number().int(),
    contributionPlanIds: z.array(id),
    ...validity,
    ...liveRecord,
  })
  .meta({ id: 'ContributionPlanBundle' });

export const insureeJson = z
  .object({
    id,
    insuranceNumber: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    gender: z.enum(['M', 'F', 'O']),
    dateOfBirth: day,
    familyId: id,
    isFamilyHead: z.boolean(),
    ...liveRecord,
  })
  .meta({ id: 'Insuree' });

export const versionBody = z.strictObject({ version: seenVersion });

export const receiptBody = receiptFields.omit({ contractId: true, policyHolderId: true });
export const policyHolderReceiptBody = receiptFields.omit({ contractId: true, policyHolderId: true });
export const reversalBody = receiptReversalInput.omit({ receiptId: true }).extend({ version });
export const refundBody = refundFields.omit({ policyHolderId: true, contractId: true });

const installmentJson = z
  .object({
    id,
    seq: z.number().int(),
    periodFrom: day,
    periodTo: day,
    dueDate: day,
    amount: money,
    allocated: money,
    open: money,
    state: z.enum(['open', 'invoiced', 'replaced', 'credited']),
    requiredBeforeEffective: z.boolean(),
    invoiceNumber: z.string().nullable(),
  })
  .meta({ id: 'Installment' });
const receiptJson = z
  .object({
    id,
    version: z.number().int(),
    receiptNumber: z.string(),
    amount: money,
    receivedAt: day,
    allocated: money,
    refunded: money,
    unallocated: money,
    reversed: z.boolean(),
    reversalReason: z.string().nullable(),
    advance: z.boolean(),
    allocations: z.array(
      z.object({
        installmentId: id,
        periodFrom: day,
        contractCode: z.string(),
        amount: money,
        released: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'Receipt' });
export const paymentJson = z
  .object({
    installments: z.array(installmentJson),
    receipts: z.array(receiptJson),
    total: money,
    paid: money,
    open: money,
    credit: money.describe('The payer’s unallocated credit'),
    reference: z.string().nullable(),
  })
  .meta({ id: 'ContractPayments' });
export const receiptResultJson = z
  .object({
    receiptId: id,
    receiptNumber: z.string(),
    amount: money,
    allocated: money,
    unallocated: money.describe('Kept as the payer’s credit'),
    overpayment: z.boolean().describe('More than what was open: the rest is unallocated credit'),
    open: money,
    effective: z.boolean(),
    effectiveContractIds: z.array(id),
  })
  .meta({ id: 'ReceiptResult' });
export const reversalResultJson = z.object({
  receiptId: id,
  released: z.array(id),
  unpaidContractIds: z.array(id),
  effectiveContractIds: z.array(id),
});
export const refundResultJson = z.object({
  refunded: money,
  refunds: z.array(z.object({ id, amount: money })),
  creditLeft: money,
});
export const creditNoteJson = z
  .object({
    id,
    number: z.string(),
    invoiceNumber: z.string(),
    dateIssued: day,
    total: money,
    reason: z.string(),
  })
  .meta({ id: 'CreditNote' });
export const statementJson = z
  .object({
    policyHolder: z.object({ id, code: z.string(), tradeName: z.string() }),
    from: day.nullable(),
    to: day,
    openingBalance: money,
    lines: z.array(
      z.object({
        date: day,
        kind: z.enum(['invoice', 'credit_note', 'receipt', 'reversal', 'refund']),
        number: z.string(),
        contractCode: z.string().nullable(),
        description: z.string(),
        debit: money,
        credit: money,
        balance: money,
      }),
    ),
    balance: money.describe('Invoiced − credited − received + refunded; negative is a credit'),
    unallocatedCredit: money,
    aging: z.object({ current: money, d1_30: money, d31_60: money, d61_90: money, over90: money }),
  })
  .meta({ id: 'Statement' });
export const statementQuery = z.object({ from: day.optional(), to: day.optional() });
export const journalQuery = z.object({ from: day, to: day });
export const contributionLineJson = z.looseObject({ id, insureeId: id, amount: money });
export const personCoveredJson = z.looseObject({
  id,
  insureeId: id.optional(),
  startDate: day,
  expiryDate: day,
});
export const invoiceJson = z
  .object({
    id,
    number: z.string(),
    dateIssued: day,
    periodFrom: day,
    periodTo: day,
    total: money,
    dueDate: day.nullable(),
    state: z.enum(['issued', 'partially_paid', 'paid', 'cancelled']),
    amountPaid: money,
    amountCredited: money,
    open: money,
    lines: z.array(z.object({ id, description: z.string(), periodFrom: day, periodTo: day, amount: money })),
  })
  .meta({ id: 'Invoice' });
export const commentJson = z.object({
  id,
  authorName: z.string(),
  side: z.enum(['insurer', 'policy_holder']),
  body: z.string(),
  internal: z.boolean(),
  operation: z.string().nullable(),
  createdAt: z.string(),
  inherited: z.boolean().describe('Written on the contract this one amends'),
});
export const commentBody = z.strictObject({
  body: z.string().min(1).max(5000),
  internal: z.boolean().optional().describe('Insurer only: never shown to the policy holder'),
});
export const historyJson = z.looseObject({ operation: z.string(), at: z.string() });
export const tokenBody = z.strictObject({
  email: z.string(),
  password: z.string(),
  name: z.string().max(100).optional(),
});
export const tokenJson = z.object({ token: z.string(), expiresAt: z.string() });
