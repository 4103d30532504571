import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray, or, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import {
  apiTokens,
  attachments,
  contractComments,
  contractDetails,
  contracts,
  insurees,
  invoices,
  jobItems,
  jobs,
  notificationEvents,
  payments,
  policyHolderBundles,
  policyHolderInsurees,
  policyHolders,
  users,
} from '@/db/schema';
import { makeActors, makeBundle, makeEmployer, makePlan, makeProduct, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { createContract } from '../contracts/contracts';
import { listContractDetails } from '../contracts/details';
import { createJob } from '../jobs/jobs';
import { listPolicyHolderInsurees } from '../policy-holders/insurees';

/*
 * Issue 10 §1, the surface the API tests do not cover: EVERY exported function of EVERY 'use server'
 * file, found by scanning the tree, is called as a portal user with another policy holder's ids and as
 * a read-only viewer. A write must be refused (forbidden or not found) and leave the other tenant's rows
 * as they were; a read may answer, but a portal user's answer must hold none of the other tenant's data.
 * A server action added later without a line in CASES makes this file fail until someone writes one.
 *
 * Only the framework's edges are replaced: the session (who is signed in), the app's database handle (the
 * test database), cookies, revalidation and redirects. runAction, the services and the SQL run for real.
 */
const { Redirected } = vi.hoisted(() => ({
  Redirected: class Redirected extends Error {
    constructor(readonly url: string) {
      super(`redirect(${url})`);
    }
  },
}));
/** A census upload (the employee list form) for a policy holder, naming another employer's employee. */
function censusForm(policyHolderId: string, digest?: string) {
  const f = new FormData();
  f.set('policyHolderId', policyHolderId);
  if (digest) f.set('digest', digest);
  const csv = `Insurance number;First name;Last name;Gender;Date of birth;Bundle;From\nX-1;Intruder;Person;M;1980-01-01;B;2026-01-01\n`;
  f.set('file', new File([csv], 'census.csv', { type: 'text/csv' }));
  return f;
}

const edge = vi.hoisted(() => ({
  db: undefined as unknown,
  userId: null as string | null,
  cookies: new Map<string, string>(),
}));

vi.mock('@/db/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/db/client')>()),
  getDb: () => edge.db,
}));
vi.mock('@/lib/auth/session', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const { assertCan, loadActor } = await import('@/lib/auth/actor');
  const { UnauthenticatedError } = await import('@/lib/errors');
  // The real lookup reads next-auth's session cookie, then loads the actor from the database on every
  // request; here the signed-in user is chosen by the test, and the actor is loaded the same way.
  const getActor = async (): Promise<Actor | null> =>
    edge.userId ? loadActor(edge.db as Db, edge.userId) : null;
  const requireActor = async (permission?: Parameters<typeof assertCan>[1]) => {
    const actor = await getActor();
    if (!actor) throw new UnauthenticatedError();
    if (permission) assertCan(actor, permission);
    return actor;
  };
  const page = async () => (await getActor()) ?? Promise.reject(new UnauthenticatedError());
  return {
    ...real,
    getActor,
    requireActor,
    requireStaffPage: page,
    requirePortalPage: page,
    getSessionIds: async () =>
      edge.userId ? { userId: edge.userId, sessionId: '00000000-0000-0000-0000-000000000000' } : null,
  };
});
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => {
  const jar = {
    get: (name: string) => (edge.cookies.has(name) ? { name, value: edge.cookies.get(name)! } : undefined),
    getAll: () => [...edge.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => edge.cookies.has(name),
    set: (name: string | { name: string; value: string }, value?: string) =>
      void (typeof name === 'string'
        ? edge.cookies.set(name, value ?? '')
        : edge.cookies.set(name.name, name.value)),
    delete: (name: string) => void edge.cookies.delete(name),
  };
  return { cookies: async () => jar, headers: async () => new Headers() };
});
vi.mock('next/navigation', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next/navigation')>()),
  redirect: (url: string) => {
    throw new Redirected(url);
  },
}));

// ── Discovery ────────────────────────────────────────────────────────────────────────────────────────
const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE = /\.(ts|tsx)$/;
const FILE_DIRECTIVE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use server['"]/;
const ANY_DIRECTIVE = /^\s*['"]use server['"];?\s*$/m;

function sourceFiles(): string[] {
  return ['app', 'components', 'lib'].flatMap((dir) =>
    (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
      .filter(
        (f) => SOURCE.test(f) && !/\.test\.tsx?$/.test(f) && !f.split(path.sep).includes('node_modules'),
      )
      .map((f) => path.join(dir, f).split(path.sep).join('/')),
  );
}
const files = sourceFiles();
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const serverFiles = files.filter((f) => FILE_DIRECTIVE.test(read(f)));
// An inline 'use server' (inside a function) creates an action this scan cannot list: refuse them.
const inlineActions = files.filter((f) => !serverFiles.includes(f) && ANY_DIRECTIVE.test(read(f)));

type Result = { ok?: boolean; code?: string; data?: unknown; redirected?: string } | undefined;
type Fn = (...args: unknown[]) => Promise<Result>;
const actions: { key: string; fn: Fn }[] = [];
for (const file of serverFiles) {
  const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value === 'function') actions.push({ key: `${file}#${name}`, fn: value as Fn });
  }
}

// ── The scene ────────────────────────────────────────────────────────────────────────────────────────
type Scene = {
  ownPh: string;
  ownContract: string;
  foreignPh: string;
  foreignPhCode: string;
  foreignContract: string;
  foreignContractCode: string;
  foreignDetail: string;
  foreignLine: string;
  foreignInsuree: string;
  foreignNumber: string;
  bundleId: string;
  otherBundleId: string;
  foreignUser: string;
  foreignToken: string;
  foreignMail: string;
  foreignJob: string;
  foreignFile: string;
};
let t: TestDb;
let s: Scene;
let actors: { portal: Actor; viewer: Actor };
let markers: string[];

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const day = (d: string) => ({ dateValidFrom: `2026-${d}`, dateValidTo: '2026-12-31' });
const line = (policyHolderId: string, more: Record<string, unknown>) => ({
  policyHolderId,
  bundleId: s.bundleId,
  calculationParams: { income: '100.00' },
  dateValidFrom: '2026-01-01',
  ...more,
});

/**
 * One line per server action: what it is, and the calls to make (each an argument list) with the other
 * policy holder's ids. `write`: must be refused (forbidden / not found) and change nothing of the other
 * tenant's. `read`: may answer, with none of the other tenant's data for a portal user (`portal` adds a
 * check where leaked data would not be text, e.g. a yes/no). `self`: acts on the caller's own account.
 */
type Case = {
  kind: 'write' | 'read' | 'self';
  calls: () => unknown[][];
  portal?: (data: unknown) => void;
};
const CASES: Record<string, Case> = {
  'app/(staff)/admin/users/actions.ts#createUserAction': {
    kind: 'write',
    calls: () => [
      [
        {
          email: 'intruder@test.local',
          name: 'X',
          role: 'portal',
          password: 'longpassword1',
          policyHolderId: s.foreignPh,
        },
      ],
    ],
  },
  'app/(staff)/admin/users/actions.ts#updateUserAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignUser, version: 1, isActive: false }]],
  },
  // Issue 17: premium rules are the insurer's configuration (product.configure); nobody here holds it.
  'app/(staff)/admin/premium-rules/actions.ts#createPremiumRuleAction': {
    kind: 'write',
    calls: () => [[{ code: 'INTRUDER', name: 'X' }]],
  },
  'app/(staff)/admin/premium-rules/actions.ts#updatePremiumRuleAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignUser, version: 1, name: 'X' }]],
  },
  'app/(staff)/admin/premium-rules/actions.ts#saveRuleVersionAction': {
    kind: 'write',
    calls: () => [[{ ruleId: s.foreignUser, validFrom: '2026-01-01', definition: { formula: '1' } }]],
  },
  'app/(staff)/admin/premium-rules/actions.ts#publishRuleVersionAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignUser, version: 1 }]],
  },
  'app/(staff)/admin/premium-rules/actions.ts#deleteRuleVersionAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignUser, version: 1 }]],
  },
  'app/(staff)/admin/premium-rules/actions.ts#importRateTableAction': {
    kind: 'write',
    calls: () => [[{ name: 'ages', csv: 'age,value\n18,1\n', kinds: ['band'] }]],
  },
  'app/(staff)/admin/premium-rules/actions.ts#importRateTableXlsxAction': {
    kind: 'write',
    calls: () => [[{ name: 'ages', xlsx: 'UEsDBA==', kinds: ['band'] }]],
  },
  'app/(staff)/admin/premium-rules/actions.ts#exportRateTableXlsxAction': {
    kind: 'read',
    calls: () => [[{ name: 'ages', csv: 'age,value\n18,1\n', kinds: ['band'] }]],
  },
  'app/(staff)/admin/premium-rules/actions.ts#previewRuleAction': {
    kind: 'read',
    calls: () => [[{ definition: { formula: '1 + 1' }, inputs: {} }]],
  },
  'app/(staff)/admin/jobs/actions.ts#jobStatusAction': { kind: 'read', calls: () => [[s.foreignJob]] },
  'app/(staff)/admin/jobs/actions.ts#cancelJobAction': { kind: 'write', calls: () => [[s.foreignJob]] },
  'app/(staff)/admin/jobs/actions.ts#retryJobAction': { kind: 'write', calls: () => [[s.foreignJob]] },
  // Issue 17: the product admin screens write products, plans and bundles (product.configure).
  'app/(staff)/admin/products/actions.ts#createProductAction': {
    kind: 'write',
    calls: () => [[{ code: 'INTRUDER', name: 'X', insurancePeriodMonths: 12 }]],
  },
  'app/(staff)/admin/products/actions.ts#updateProductAction': {
    kind: 'write',
    calls: () => [[{ id: s.bundleId, version: 1, name: 'Taken over' }]],
  },
  'app/(staff)/admin/plans/actions.ts#createPlanAction': {
    kind: 'write',
    calls: () => [
      [
        {
          code: 'INTRUDER',
          name: 'X',
          productId: s.bundleId,
          calculationRule: 'fixed-amount',
          params: { amount: '1' },
          periodicityMonths: 12,
          dateValidFrom: '2026-01-01',
        },
      ],
    ],
  },
  'app/(staff)/admin/plans/actions.ts#updatePlanAction': {
    kind: 'write',
    calls: () => [[{ id: s.bundleId, version: 1, name: 'Taken over' }]],
  },
  'app/(staff)/admin/bundles/actions.ts#createBundleAction': {
    kind: 'write',
    calls: () => [
      [
        {
          code: 'INTRUDER',
          name: 'X',
          periodicityMonths: 12,
          contributionPlanIds: [s.bundleId],
          dateValidFrom: '2026-01-01',
        },
      ],
    ],
  },
  'app/(staff)/admin/bundles/actions.ts#updateBundleAction': {
    kind: 'write',
    calls: () => [[{ id: s.bundleId, version: 1, name: 'Taken over' }]],
  },
  'app/(staff)/admin/outbox/actions.ts#retryOutboxMailAction': {
    kind: 'write',
    calls: () => [[s.foreignMail]],
  },
  'app/(staff)/admin/webhooks/actions.ts#createWebhookEndpointAction': {
    kind: 'write',
    calls: () => [[{ url: 'https://intruder.example/hook', events: ['contract.approved'] }]],
  },
  'app/(staff)/admin/webhooks/actions.ts#updateWebhookEndpointAction': {
    kind: 'write',
    calls: () => [
      [{ id: s.foreignPh, version: 1, url: 'https://intruder.example/hook', events: ['contract.approved'] }],
    ],
  },
  'app/(staff)/admin/webhooks/actions.ts#deleteWebhookEndpointAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignPh, version: 1 }]],
  },
  'app/(staff)/admin/webhooks/actions.ts#redeliverWebhookAction': {
    kind: 'write',
    calls: () => [[s.foreignMail]],
  },
  'app/(staff)/policy-holders/actions.ts#createPolicyHolderAction': {
    kind: 'write',
    calls: () => [[{ code: 'INTRUDER', tradeName: 'Intruder', dateValidFrom: '2026-01-01' }]],
  },
  'app/(staff)/policy-holders/actions.ts#updatePolicyHolderAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignPh, version: 99, tradeName: 'Taken over' }]],
  },
  'app/(staff)/policy-holders/actions.ts#deletePolicyHolderAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignPh, version: 99 }]],
  },
  'app/(staff)/policy-holders/actions.ts#addPolicyHolderBundleAction': {
    kind: 'write',
    calls: () => [[{ policyHolderId: s.foreignPh, bundleId: s.otherBundleId }]],
  },
  'app/(staff)/policy-holders/actions.ts#removePolicyHolderBundleAction': {
    kind: 'write',
    calls: () => [[{ policyHolderId: s.foreignPh, bundleId: s.bundleId }]],
  },
  'app/(staff)/policy-holders/actions.ts#generateContractsAction': {
    kind: 'write',
    calls: () => [
      [{ policyHolderIds: [s.foreignPh], dateValidFrom: '2031-01-01', dateValidTo: '2031-12-31' }],
      [{ policyHolderIds: [s.ownPh], dateValidFrom: '2031-01-01', dateValidTo: '2031-12-31' }],
      [{ filter: { q: '' }, dateValidFrom: '2031-01-01', dateValidTo: '2031-12-31' }],
    ],
  },
  'app/(staff)/billing/dunning/actions.ts#runDunningAction': {
    kind: 'write',
    calls: () => [[{ asOf: '2026-06-01' }]],
  },
  'app/(staff)/billing/dunning/actions.ts#holdDunningAction': {
    kind: 'write',
    calls: () => [[{ policyHolderId: s.foreignPh, reason: 'Taken over', until: '2999-01-01' }]],
  },
  'app/(staff)/billing/dunning/actions.ts#releaseDunningHoldAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignPh, version: 1 }]],
  },
  'app/(staff)/admin/products/[id]/dunning/actions.ts#saveDunningLevelAction': {
    kind: 'write',
    calls: () => [
      [
        {
          productId: s.bundleId,
          name: 'Intruder',
          daysAfterDue: 5,
          action: 'terminate',
          subjectEn: 'x',
          bodyEn: 'x',
          subjectFr: 'x',
          bodyFr: 'x',
        },
      ],
    ],
  },
  'app/(staff)/admin/products/[id]/dunning/actions.ts#deleteDunningLevelAction': {
    kind: 'write',
    calls: () => [[{ productId: s.bundleId, id: s.bundleId, version: 1 }]],
  },
  'app/(staff)/admin/products/[id]/dunning/actions.ts#addDefaultDunningLevelsAction': {
    kind: 'write',
    calls: () => [[{ productId: s.bundleId }]],
  },
  'app/(staff)/billing/runs/actions.ts#previewBillingRunAction': {
    kind: 'write',
    calls: () => [[{ upTo: '2026-12-31', policyHolderId: s.foreignPh }]],
  },
  'app/(staff)/billing/runs/actions.ts#runBillingAction': {
    kind: 'write',
    calls: () => [[{ upTo: '2026-12-31', policyHolderId: s.foreignPh }]],
  },
  // Issue 14: SEPA direct debit and bank reconciliation (collection.manage; the portal's own mandate).
  'app/(staff)/admin/collection-settings/actions.ts#saveCollectionSettingsAction': {
    kind: 'write',
    calls: () => [
      [{ creditorId: 'FR72ZZZ123456', creditorName: 'X', iban: 'FR7630006000011234567890189', bic: '' }],
    ],
  },
  'app/(staff)/billing/collections/actions.ts#previewCollectionRunAction': {
    kind: 'write',
    calls: () => [[{ collectionDate: '2026-12-31' }]],
  },
  'app/(staff)/billing/collections/actions.ts#startCollectionRunAction': {
    kind: 'write',
    calls: () => [[{ collectionDate: '2026-12-31' }]],
  },
  'app/(staff)/policy-holders/[id]/mandate-actions.ts#createMandateAction': {
    kind: 'write',
    calls: () => [
      [
        {
          policyHolderId: s.foreignPh,
          debtorName: 'X',
          iban: 'DE89370400440532013000',
          signedOn: '2026-01-01',
        },
      ],
    ],
  },
  'app/(staff)/policy-holders/[id]/mandate-actions.ts#revokeMandateAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignPh, reason: 'intrusion' }]],
  },
  'app/portal/account/actions.ts#giveMandateAction': {
    kind: 'write',
    calls: () => [
      [{ policyHolderId: s.foreignPh, debtorName: 'X', iban: 'DE89370400440532013000', accept: true }],
    ],
  },
  'app/(staff)/billing/reconciliation/actions.ts#importStatementAction': {
    kind: 'write',
    calls: () => [
      [
        {
          fileName: 'x.csv',
          content: `date,amount,counterparty,reference\n2026-01-02,10.00,X,${s.foreignNumber}\n`,
        },
      ],
    ],
  },
  'app/(staff)/billing/reconciliation/actions.ts#searchOpenInstallmentsAction': {
    kind: 'write',
    calls: () => [[{ q: s.foreignPhCode }]],
  },
  'app/(staff)/billing/reconciliation/actions.ts#matchBankLineAction': {
    kind: 'write',
    calls: () => [[{ lineId: s.foreignPh, allocations: [{ installmentId: s.foreignPh, amount: '1.00' }] }]],
  },
  'app/(staff)/billing/reconciliation/actions.ts#markBankLineNotOursAction': {
    kind: 'write',
    calls: () => [[{ lineId: s.foreignPh, note: 'x' }]],
  },
  'app/(staff)/policy-holders/actions.ts#invoicePolicyHoldersAction': {
    kind: 'write',
    calls: () => [
      [{ policyHolderIds: [s.foreignPh] }],
      [{ filter: { q: 'Secret' } }],
      // The right comes first: a malformed or endless list is refused as forbidden, not read.
      [{ policyHolderIds: ['not-an-id'] }],
      [{ policyHolderIds: Array.from({ length: 5000 }, () => s.foreignPh) }],
    ],
  },
  'app/(staff)/contracts/actions.ts#bulkAction': {
    kind: 'write',
    calls: () =>
      ['approve', 'counter', 'invoice'].flatMap((op) => [
        [op, { ids: [s.foreignContract] }],
        [op, { filter: { policyHolderId: s.foreignPh } }],
      ]),
  },
  'app/portal/actions.ts#actForAction': { kind: 'write', calls: () => [[s.foreignPh]] },
  'components/insurees/actions.ts#addPolicyHolderInsureeAction': {
    kind: 'write',
    calls: () => [
      [line(s.foreignPh, { insureeId: s.foreignInsuree })],
      // Its own policy holder, another employer's employee.
      [line(s.ownPh, { insureeId: s.foreignInsuree })],
    ],
  },
  'components/insurees/actions.ts#updatePolicyHolderInsureeAction': {
    kind: 'write',
    calls: () => [
      [{ ...line(s.foreignPh, {}), id: s.foreignLine, version: 1 }],
      [{ ...line(s.ownPh, {}), id: s.foreignLine, version: 99 }],
    ],
  },
  'components/insurees/actions.ts#removePolicyHolderInsureeAction': {
    kind: 'write',
    calls: () => [
      [{ id: s.foreignLine, version: 1, policyHolderId: s.foreignPh }],
      [{ id: s.foreignLine, version: 99, policyHolderId: s.ownPh }],
    ],
  },
  'components/insurees/actions.ts#previewCensusAction': {
    kind: 'write',
    calls: () => [[censusForm(s.foreignPh)], [censusForm(s.foreignPh, '0'.repeat(64))]],
  },
  'components/insurees/actions.ts#applyCensusAction': {
    kind: 'write',
    calls: () => [[censusForm(s.foreignPh, '0'.repeat(64))]],
  },
  'components/insurees/actions.ts#searchInsureesAction': {
    kind: 'read',
    calls: () => [[''], [s.foreignNumber], ['Hidden']],
  },
  'components/contract-card/actions.ts#createContractAction': {
    kind: 'write',
    calls: () => [[{ code: 'INTRUDER-1', policyHolderId: s.foreignPh, ...day('01-01') }]],
  },
  'components/contract-card/actions.ts#updateContractAction': {
    kind: 'write',
    calls: () => [
      [{ id: s.foreignContract, version: 1, paymentReference: 'X' }],
      [{ id: s.foreignContract, version: 99, paymentReference: 'X' }],
    ],
  },
  'components/contract-card/actions.ts#deleteContractAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignContract, version: 1 }], [{ id: s.foreignContract, version: 99 }, true]],
  },
  'components/contract-card/actions.ts#transitionAction': {
    kind: 'write',
    calls: () =>
      ['submit', 'approve', 'counter', 'terminate', 'amend', 'renew'].flatMap((name) => [
        [name, { id: s.foreignContract, version: 1, comment: 'x' }],
        [name, { id: s.foreignContract, version: 99 }],
      ]),
  },
  'components/contract-card/actions.ts#setAutoRenewAction': {
    kind: 'write',
    calls: () => [
      [{ id: s.foreignContract, version: 1, autoRenew: true }],
      [{ id: s.foreignContract, version: 99, autoRenew: true }],
    ],
  },
  'components/contract-card/actions.ts#createInvoiceAction': {
    kind: 'write',
    calls: () => [[s.foreignContract]],
  },
  'components/contract-card/actions.ts#recordPaymentAction': {
    kind: 'write',
    calls: () => [
      [{ contractId: s.foreignContract, amount: '1.00', receivedAt: '2026-01-01', receiptNumber: 'R-1' }],
    ],
  },
  'components/contract-card/actions.ts#reverseReceiptAction': {
    kind: 'write',
    // The receipt id is random: a viewer and a portal user are refused before anything is read.
    calls: () => [[s.foreignContract, { receiptId: s.foreignContract, reason: 'x' }]],
  },
  'components/contract-card/actions.ts#refundCreditAction': {
    kind: 'write',
    calls: () => [[{ contractId: s.foreignContract, amount: '1.00', reason: 'x' }]],
  },
  'components/contract-card/actions.ts#addDetailAction': {
    kind: 'write',
    calls: () => [
      [{ contractId: s.foreignContract, insureeId: s.foreignInsuree }],
      // Its own draft, another employer's employee.
      [{ contractId: s.ownContract, insureeId: s.foreignInsuree }],
    ],
  },
  'components/contract-card/actions.ts#updateDetailAction': {
    kind: 'write',
    calls: () => [
      [s.foreignContract, { id: s.foreignDetail, calculationParams: { income: '1.00' } }],
      [s.ownContract, { id: s.foreignDetail, version: 99, calculationParams: { income: '1.00' } }],
    ],
  },
  'components/contract-card/actions.ts#removeDetailAction': {
    kind: 'write',
    calls: () => [
      [s.foreignContract, { id: s.foreignDetail }],
      [s.ownContract, { id: s.foreignDetail, version: 99 }],
    ],
  },
  'components/contract-card/actions.ts#checkCodeAction': {
    kind: 'read',
    calls: () => [[s.foreignContractCode], [s.foreignContractCode, s.ownContract]],
    // "Taken" would tell that another policy holder uses this code: it must read like a free one.
    portal: (data) => expect(data).toBe(true),
  },
  'components/contract-card/actions.ts#findPolicyHoldersAction': {
    kind: 'read',
    calls: () => [[''], ['Secret'], [s.foreignPhCode]],
  },
  'components/contract-card/actions.ts#findInsureesAction': {
    kind: 'read',
    calls: () => [[''], [s.foreignNumber], ['Hidden']],
  },
  'components/contract-card/actions.ts#addCommentAction': {
    kind: 'write',
    calls: () => [
      [{ contractId: s.foreignContract, body: 'hello' }],
      [{ contractId: s.foreignContract, body: 'hello', internal: true }],
    ],
  },
  // Issue 16: files. The other tenant's file (an insurer's, so that "internal" applies to it).
  'components/attachments/actions.ts#deleteAttachmentAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignFile, version: 1 }]],
  },
  'components/attachments/actions.ts#setAttachmentInternalAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignFile, version: 1, internal: true }]],
  },
  // Issue 16: share links are staff's (contract.comment, not portal); the visitor's code steps are public.
  'components/sharing/actions.ts#createShareLinkAction': {
    kind: 'write',
    calls: () => [
      [{ contractId: s.foreignContract, kind: 'contract', validFor: 7 }],
      [{ contractId: s.foreignContract, kind: 'attachment', attachmentId: s.foreignFile, validFor: 7 }],
    ],
  },
  'components/sharing/actions.ts#revokeShareLinkAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignFile }]],
  },
  'app/share/[token]/actions.ts#requestShareCodeAction': {
    kind: 'self',
    calls: () => [[{ step: 'email' }, form({ token: 'not-a-token', email: 'x@example.org' })]],
  },
  'app/share/[token]/actions.ts#verifyShareCodeAction': {
    kind: 'self',
    calls: () => [[{ step: 'code' }, form({ token: 'not-a-token', code: '123456' })]],
  },
  'components/tokens/actions.ts#createTokenAction': { kind: 'self', calls: () => [['mine']] },
  'components/tokens/actions.ts#revokeTokenAction': { kind: 'write', calls: () => [[s.foreignToken]] },
  'lib/i18n/actions.ts#setLocaleAction': { kind: 'self', calls: () => [['fr']] },
  'app/(auth)/login/actions.ts#signInAction': {
    kind: 'self',
    calls: () => [[{}, form({ email: 'nobody@test.local', password: 'wrong-password' })]],
  },
  'app/(auth)/login/actions.ts#signOutAction': { kind: 'self', calls: () => [[]] },
  'app/(auth)/reset-password/[token]/actions.ts#resetPasswordAction': {
    kind: 'self',
    calls: () => [
      [{}, form({ token: 'not-a-token', newPassword: 'another-pass-1', confirm: 'another-pass-1' })],
    ],
  },
  'app/(staff)/admin/users/actions.ts#sendPasswordResetAction': {
    kind: 'write',
    calls: () => [[{ id: s.foreignUser }]],
  },
  'components/account/actions.ts#changePasswordAction': {
    kind: 'self',
    calls: () => [[{ currentPassword: 'not-the-password', newPassword: 'another-pass-1' }]],
  },
};

/** Every row of the other tenant (and the other user), to compare before and after a call. */
async function foreignRows(): Promise<string> {
  const ownContracts = t.db
    .select({ id: contracts.id })
    .from(contracts)
    .where(eq(contracts.policyHolderId, s.foreignPh));
  const [ph, lines, links, people, cs, details, comments, invs, pays, toks, mails, us, js, items, files] =
    await Promise.all([
      t.db.select().from(policyHolders).where(eq(policyHolders.id, s.foreignPh)),
      t.db
        .select()
        .from(policyHolderInsurees)
        .where(
          or(
            eq(policyHolderInsurees.policyHolderId, s.foreignPh),
            eq(policyHolderInsurees.insureeId, s.foreignInsuree),
          ),
        ),
      t.db.select().from(policyHolderBundles).where(eq(policyHolderBundles.policyHolderId, s.foreignPh)),
      t.db.select().from(insurees).where(eq(insurees.id, s.foreignInsuree)),
      t.db.select().from(contracts).where(eq(contracts.policyHolderId, s.foreignPh)),
      t.db
        .select()
        .from(contractDetails)
        .where(
          or(
            inArray(contractDetails.contractId, ownContracts),
            eq(contractDetails.insureeId, s.foreignInsuree),
          ),
        ),
      t.db.select().from(contractComments).where(inArray(contractComments.contractId, ownContracts)),
      t.db.select().from(invoices).where(inArray(invoices.contractId, ownContracts)),
      t.db.select().from(payments).where(inArray(payments.contractId, ownContracts)),
      t.db.select().from(apiTokens).where(eq(apiTokens.userId, s.foreignUser)),
      t.db.select().from(notificationEvents).where(eq(notificationEvents.id, s.foreignMail)),
      t.db.select().from(users).where(eq(users.id, s.foreignUser)),
      t.db.select().from(jobs),
      t.db.select().from(jobItems),
      t.db.select().from(attachments).where(eq(attachments.policyHolderId, s.foreignPh)),
    ]);
  const all = {
    ph,
    lines,
    links,
    people,
    cs,
    details,
    comments,
    invs,
    pays,
    toks,
    mails,
    us,
    js,
    items,
    files,
  };
  const sorted = Object.fromEntries(
    Object.entries(all).map(([k, rows]) => [
      k,
      [...(rows as { id?: unknown }[])].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ]),
  );
  return JSON.stringify(sorted);
}

beforeAll(async () => {
  t = await createTestDb();
  edge.db = t.db;
  const { bundleId } = await makeScheme(t.db);
  const otherBundleId = (await makeBundle(t.db, [(await makePlan(t.db, (await makeProduct(t.db)).id)).id]))
    .id;
  const own = await makeEmployer(t.db, bundleId, ['100.00'], { tradeName: 'Own Bakery' });
  const foreign = await makeEmployer(t.db, bundleId, ['200.00'], {
    code: 'SECRET-PH',
    tradeName: 'Secret Corp',
  });
  const foreignInsuree = foreign.insureeIds[0]!;
  await t.db
    .update(insurees)
    .set({ insuranceNumber: 'SECRET-NUMBER', lastName: 'Hidden', firstName: 'Person' })
    .where(eq(insurees.id, foreignInsuree));
  const { admin, portal, viewer } = {
    ...(await makeActors(t.db, ['admin', 'viewer'])),
    ...(await makeActors(t.db, ['portal'], { policyHolderId: own.id })),
  };
  const foreignContract = await createContract(t.db, admin, {
    code: 'SECRET-CONTRACT',
    policyHolderId: foreign.id,
    ...day('01-01'),
  });
  const ownContract = await createContract(t.db, admin, {
    code: 'OWN-CONTRACT',
    policyHolderId: own.id,
    ...day('01-01'),
  });
  await t.db.insert(contractComments).values({
    contractId: foreignContract.id,
    authorName: 'Staff',
    side: 'insurer',
    body: 'Secret remark',
    internal: false,
  });
  const other = (await makeActors(t.db, ['editor'])).editor;
  const [token] = await t.db
    .insert(apiTokens)
    .values({
      userId: other.id!,
      name: 'theirs',
      prefix: 'pct_theirs',
      tokenHash: 'f'.repeat(64),
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning({ id: apiTokens.id });
  const [mail] = await t.db
    .insert(notificationEvents)
    .values({
      event: 'contract.submitted',
      recipient: 'secret@corp.test',
      subject: 'Secret',
      body: 'Secret',
      status: 'failed',
    })
    .returning({ id: notificationEvents.id });
  const [file] = await t.db
    .insert(attachments)
    .values({
      contractId: foreignContract.id,
      policyHolderId: foreign.id,
      category: 'other',
      fileName: 'Secret.pdf',
      contentType: 'application/pdf',
      size: 1,
      sha256: '0'.repeat(64),
      storageKey: '2026/01/secret',
      side: 'insurer',
      uploaderName: 'Staff',
    })
    .returning({ id: attachments.id });
  s = {
    ownPh: own.id,
    ownContract: ownContract.id,
    foreignPh: foreign.id,
    foreignPhCode: 'SECRET-PH',
    foreignContract: foreignContract.id,
    foreignContractCode: 'SECRET-CONTRACT',
    foreignDetail: (await listContractDetails(t.db, admin, foreignContract.id))[0]!.id,
    foreignLine: (await listPolicyHolderInsurees(t.db, admin, foreign.id))[0]!.id,
    foreignInsuree,
    foreignNumber: 'SECRET-NUMBER',
    bundleId,
    otherBundleId,
    foreignUser: other.id!,
    foreignToken: token!.id,
    foreignMail: mail!.id,
    // A job someone on the staff started over the foreign contract (not run: it stays queued).
    foreignJob: (
      await createJob(
        t.db,
        admin,
        'bulk-counter',
        { comment: 'Secret' },
        sql`select ${foreignContract.id}::uuid as id`,
      )
    ).id,
    foreignFile: file!.id,
  };
  actors = { portal, viewer };
  // Text that must never reach a portal user: the other tenant's ids, codes, names and numbers.
  markers = [
    s.foreignPh,
    s.foreignContract,
    s.foreignDetail,
    s.foreignLine,
    s.foreignInsuree,
    'SECRET',
    'Secret',
    'Hidden',
  ];
});
afterAll(() => t?.close());

describe('the server action scan', () => {
  it('finds the action files and no inline server actions', () => {
    expect(serverFiles.length).toBeGreaterThan(5);
    expect(actions.length).toBeGreaterThan(20);
    expect(inlineActions).toEqual([]);
  });

  it('has a case for every exported server action, and none for an action that is gone', () => {
    const found = actions.map((a) => a.key);
    expect(found.filter((k) => !CASES[k])).toEqual([]);
    expect(Object.keys(CASES).filter((k) => !found.includes(k))).toEqual([]);
  });
});

const REFUSED = ['forbidden', 'not_found'];

describe.each(['portal', 'viewer'] as const)('every server action called by a %s', (who) => {
  it.each(actions.map((a) => [a.key, a.fn] as const))('%s', async (key, fn) => {
    const c = CASES[key];
    if (!c) throw new Error(`No case for ${key}: add one to CASES in lib/portal/actions-scope.test.ts.`);
    const actor = actors[who];
    edge.userId = actor.id;
    edge.cookies.clear();
    for (const args of c.calls()) {
      const before = await foreignRows();
      // A redirect is how an action says "done, go there": an outcome, not a crash.
      const result: Result = await fn(...args).catch((e): Result => {
        if (e instanceof Redirected) return { redirected: e.url };
        throw e;
      });
      const where = `${key}(${JSON.stringify(args).slice(0, 200)})`;
      if (c.kind === 'write') {
        expect(result?.ok, `${where} must be refused`).toBe(false);
        expect(REFUSED, `${where} answered ${result?.code}`).toContain(result?.code);
      } else if (c.kind === 'read' && result) {
        expect(result.code, `${where} failed unexpectedly`).not.toBe('internal');
        if (who === 'portal' && result.ok) {
          const text = JSON.stringify(result.data);
          for (const m of markers) expect(text, `${where} leaked ${m}`).not.toContain(m);
          c.portal?.(result.data);
        }
      } else if (c.kind === 'self' && result) {
        expect(result.code, `${where} failed unexpectedly`).not.toBe('internal');
      }
      expect(await foreignRows(), `${where} changed the other tenant's rows`).toBe(before);
    }
  });
});
