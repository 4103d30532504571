import { z } from 'zod';
import { dunningOverview } from '../../dunning/queries';
import { runDunning } from '../../dunning/run';
import { dunningOverviewParams, dunningRunInput } from '../../validation/dunning';
import { parseInput } from '../../validation/parse';
import type { ApiRoute } from '../router';

const tag = 'Payments';

/** Issue 14: dunning over the API, the same services as `/billing/dunning`. */
export const dunningRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/dunning',
    tag,
    summary:
      'Who is in dunning on a day (`asOf`, today by default): per contract chain the amount overdue, the oldest due date, the level reached, a suspended cover, the next level and its day, a hold',
    query: dunningOverviewParams,
    response: z.array(
      z.looseObject({
        chainCode: z.string(),
        contractId: z.string(),
        overdue: z.string(),
        level: z.number(),
      }),
    ),
    handler: ({ db, actor, query }) => {
      const { asOf } = parseInput(dunningOverviewParams, query);
      return dunningOverview(db, actor, asOf ? { asOf } : {});
    },
  },
  {
    method: 'POST',
    path: '/dunning/runs',
    tag,
    summary:
      'Run dunning for a day (what the daily job does for today): paid cases closed and covers reinstated, then each overdue chain moved on by at most one level. Running a day twice does nothing the second time',
    body: dunningRunInput,
    response: z.looseObject({
      asOf: z.string(),
      letters: z.number(),
      suspended: z.number(),
      terminated: z.number(),
      closed: z.number(),
      reinstated: z.number(),
      held: z.number(),
    }),
    handler: ({ db, actor, body }) => runDunning(db, actor, body),
  },
];
