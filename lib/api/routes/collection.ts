import { z } from 'zod';
import { importStatement, statementImportInput } from '../../bank/import';
import { listBankLines } from '../../bank/reconciliation';
import {
  getCollectionFile,
  listCollectionRuns,
  previewCollectionRun,
  startCollectionRun,
} from '../../collection/runs';
import { collectionRunInput } from '../../collection/validation';
import type { ApiRoute } from '../router';

const tag = 'Collection';

/** Issue 14: SEPA direct debit runs, their pain.008 files, and bank statement import. */
export const collectionRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/collection-runs/preview',
    tag,
    summary:
      'What a collection run on `collectionDate` would collect: invoiced installments due by then of policy holders with an active mandate, per scheme and sequence type',
    query: collectionRunInput,
    response: z.looseObject({
      collectionDate: z.string(),
      earliestDate: z.string(),
      installments: z.number(),
      policyHolders: z.number(),
      amount: z.string(),
    }),
    handler: ({ db, actor, query }) => previewCollectionRun(db, actor, query),
  },
  {
    method: 'POST',
    path: '/collection-runs',
    tag,
    summary:
      'Start a collection run as a background job: marks the due installments "in collection", mails the pre-notifications and writes one pain.008.001.02 file per scheme and sequence type; answers 202 with the run and its job (follow it at `url`)',
    body: collectionRunInput,
    response: z.looseObject({ id: z.string(), state: z.string(), jobId: z.string(), url: z.string() }),
    status: 202,
    idempotent: true,
    handler: async ({ db, actor, body }) => {
      const run = await startCollectionRun(db, actor, body);
      return { ...run, url: `/api/v1/jobs/${run.jobId}` };
    },
  },
  {
    method: 'GET',
    path: '/collection-runs',
    tag,
    summary: 'The latest collection runs with their files (count and control sum of each)',
    response: z.array(
      z.looseObject({ id: z.string(), state: z.string(), files: z.array(z.looseObject({})) }),
    ),
    handler: ({ db, actor }) => listCollectionRuns(db, actor),
  },
  {
    method: 'GET',
    path: '/collection-files/{id}',
    tag,
    summary: 'Download a collection file (pain.008.001.02 XML) to send to the bank',
    produces: 'application/xml',
    handler: async ({ db, actor, params }) => {
      const f = await getCollectionFile(db, actor, params.id!);
      return { filename: f.fileName, body: f.xml };
    },
  },
  {
    method: 'POST',
    path: '/bank-statements',
    tag,
    summary:
      'Import a bank statement (camt.053, camt.054 or CSV, its text in `content`): settles collections, applies returns, matches transfers; the rest waits in the reconciliation queue. The same file twice creates nothing twice',
    body: statementImportInput,
    response: z.looseObject({ statementId: z.string(), duplicate: z.boolean() }),
    status: 201,
    handler: ({ db, actor, body }) => importStatement(db, actor, body),
  },
  {
    method: 'GET',
    path: '/bank-lines',
    tag,
    summary: 'Bank statement lines in a state (default `unmatched`: the reconciliation queue)',
    query: z.object({ state: z.string().optional() }),
    response: z.array(z.looseObject({ id: z.string(), state: z.string() })),
    handler: ({ db, actor, query }) => listBankLines(db, actor, { state: query.state }),
  },
];
