import { z } from 'zod';
import { NotFoundError } from '../../errors';
import { err, label } from '../../i18n/keyed';
import {
  addPolicyHolderBundle,
  addPolicyHolderInsuree,
  listPolicyHolderBundles,
  listPolicyHolderInsurees,
  removePolicyHolderBundle,
  removePolicyHolderInsuree,
  updatePolicyHolderInsuree,
} from '../../policy-holders/insurees';
import {
  createPolicyHolder,
  deletePolicyHolder,
  getPolicyHolder,
  searchPolicyHolders,
  updatePolicyHolder,
} from '../../policy-holders/policy-holders';
import {
  createBundle,
  deleteBundle,
  getBundle,
  listBundlesPage,
  updateBundle,
} from '../../reference/bundles';
import {
  createInsuree,
  deleteInsuree,
  getInsuree,
  listInsurees,
  updateInsuree,
} from '../../reference/insurees';
import { createPlan, deletePlan, getPlan, listPlans, updatePlan } from '../../reference/plans';
import {
  createProduct,
  deleteProduct,
  getProduct,
  listProducts,
  updateProduct,
} from '../../reference/products';
import { version } from '../../validation/common';
import { policyHolderFields } from '../../validation/policy-holder';
import {
  bundleInput,
  bundleUpdate,
  insureeInput,
  insureeUpdate,
  planInput,
  planUpdate,
  productInput,
  productUpdate,
} from '../../validation/reference';
import type { ApiContext, ApiRoute } from '../router';
import {
  bundleJson,
  insureeJson,
  listQuery,
  page,
  phInsureeCreateBody,
  phInsureeJson,
  phInsureeToJson,
  phInsureeUpdateBody,
  planJson,
  policyHolderJson,
  productJson,
  versionBody,
} from '../schemas';

type Crud = {
  path: string;
  tag: string;
  noun: string;
  item: z.ZodType;
  create: z.ZodObject;
  update: z.ZodObject;
  query?: z.ZodObject;
  list: (ctx: ApiContext) => Promise<unknown>;
  read: (ctx: ApiContext) => Promise<unknown>;
  add: (ctx: ApiContext) => Promise<unknown>;
  change: (ctx: ApiContext) => Promise<unknown>;
  remove: (ctx: ApiContext) => Promise<unknown>;
};

/** The five operations of a reference resource: list, create, read, update (with version), soft delete. */
function crud(r: Crud): ApiRoute[] {
  const item = `${r.path}/{id}`;
  return [
    {
      method: 'GET',
      path: r.path,
      tag: r.tag,
      summary: `List ${r.noun}s`,
      query: r.query ?? listQuery,
      response: page(r.item),
      handler: r.list,
    },
    {
      method: 'POST',
      path: r.path,
      tag: r.tag,
      summary: `Create a ${r.noun}`,
      body: r.create,
      response: r.item,
      status: 201,
      handler: r.add,
    },
    { method: 'GET', path: item, tag: r.tag, summary: `Read a ${r.noun}`, response: r.item, handler: r.read },
    {
      method: 'PATCH',
      path: item,
      tag: r.tag,
      summary: `Change a ${r.noun} (send the version you read)`,
      body: r.update,
      response: r.item,
      handler: r.change,
    },
    {
      method: 'DELETE',
      path: item,
      tag: r.tag,
      summary: `Delete a ${r.noun} (soft)`,
      body: versionBody,
      status: 204,
      handler: r.remove,
    },
  ];
}

const withId = ({ body, params }: ApiContext) => ({ ...body, id: params.id });

/** A policy holder's insuree line only counts under its policy holder. */
async function assertLineOf(ctx: ApiContext) {
  const lines = await listPolicyHolderInsurees(ctx.db, ctx.actor, ctx.params.id!);
  const line = lines.find((l) => l.id === ctx.params.lineId);
  if (!line) throw new NotFoundError(err('notFound', { label: label('insureeLine') }));
  return line;
}

const phLinePath = '/policy-holders/{id}/insurees/{lineId}';

const phBundleJson = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  periodicityMonths: z.number().int(),
});

export const referenceRoutes: ApiRoute[] = [
  ...crud({
    path: '/products',
    tag: 'Reference data',
    noun: 'product',
    item: productJson,
    create: productInput,
    update: productUpdate.omit({ id: true }),
    list: ({ db, actor, query }) => listProducts(db, actor, query),
    read: ({ db, actor, params }) => getProduct(db, actor, params.id!),
    add: ({ db, actor, body }) => createProduct(db, actor, body),
    change: (ctx) => updateProduct(ctx.db, ctx.actor, withId(ctx)),
    remove: (ctx) => deleteProduct(ctx.db, ctx.actor, withId(ctx)),
  }),
  ...crud({
    path: '/contribution-plans',
    tag: 'Reference data',
    noun: 'contribution plan',
    item: planJson,
    create: planInput,
    update: planUpdate.omit({ id: true }),
    query: listQuery.extend({ productId: z.string().optional() }),
    list: ({ db, actor, query }) => listPlans(db, actor, query),
    read: ({ db, actor, params }) => getPlan(db, actor, params.id!),
    add: ({ db, actor, body }) => createPlan(db, actor, body),
    change: (ctx) => updatePlan(ctx.db, ctx.actor, withId(ctx)),
    remove: (ctx) => deletePlan(ctx.db, ctx.actor, withId(ctx)),
  }),
  ...crud({
    path: '/contribution-plan-bundles',
    tag: 'Reference data',
    noun: 'contribution plan bundle',
    item: bundleJson,
    create: bundleInput,
    update: bundleUpdate.omit({ id: true }),
    list: ({ db, actor, query }) => listBundlesPage(db, actor, query),
    read: ({ db, actor, params }) => getBundle(db, actor, params.id!),
    add: ({ db, actor, body }) => createBundle(db, actor, body),
    change: (ctx) => updateBundle(ctx.db, ctx.actor, withId(ctx)),
    remove: (ctx) => deleteBundle(ctx.db, ctx.actor, withId(ctx)),
  }),
  ...crud({
    path: '/insurees',
    tag: 'Insurees',
    noun: 'insuree',
    item: insureeJson,
    create: insureeInput,
    update: insureeUpdate.omit({ id: true }),
    query: listQuery.extend({ familyId: z.string().optional() }),
    list: ({ db, actor, query }) => listInsurees(db, actor, query),
    read: ({ db, actor, params }) => getInsuree(db, actor, params.id!),
    add: ({ db, actor, body }) => createInsuree(db, actor, body),
    change: (ctx) => updateInsuree(ctx.db, ctx.actor, withId(ctx)),
    remove: (ctx) => deleteInsuree(ctx.db, ctx.actor, withId(ctx)),
  }),
  ...crud({
    path: '/policy-holders',
    tag: 'Policy holders',
    noun: 'policy holder',
    item: policyHolderJson,
    create: policyHolderFields,
    update: policyHolderFields.partial().extend({ version }),
    list: ({ db, actor, query }) => searchPolicyHolders(db, actor, query),
    read: ({ db, actor, params }) => getPolicyHolder(db, actor, params.id!),
    add: ({ db, actor, body }) => createPolicyHolder(db, actor, body),
    // PATCH: the fields sent over the ones stored (the service validates the whole record).
    change: async (ctx) => {
      const {
        id: _id,
        version: _v,
        isDeleted: _d,
        ...current
      } = await getPolicyHolder(ctx.db, ctx.actor, ctx.params.id!);
      return updatePolicyHolder(ctx.db, ctx.actor, { ...current, ...ctx.body, id: ctx.params.id });
    },
    remove: (ctx) => deletePolicyHolder(ctx.db, ctx.actor, withId(ctx)),
  }),
  {
    method: 'GET',
    path: '/policy-holders/{id}/bundles',
    tag: 'Policy holders',
    summary: 'Contribution plan bundles the policy holder may use',
    response: z.array(phBundleJson),
    handler: ({ db, actor, params }) => listPolicyHolderBundles(db, actor, params.id!),
  },
  {
    method: 'POST',
    path: '/policy-holders/{id}/bundles',
    tag: 'Policy holders',
    summary: 'Allow a bundle for the policy holder',
    body: z.strictObject({ contributionPlanBundleId: z.string() }),
    response: z.array(phBundleJson),
    status: 201,
    handler: async ({ db, actor, params, body }) => {
      await getPolicyHolder(db, actor, params.id!);
      await addPolicyHolderBundle(db, actor, {
        policyHolderId: params.id,
        bundleId: body.contributionPlanBundleId,
      });
      return listPolicyHolderBundles(db, actor, params.id!);
    },
  },
  {
    method: 'DELETE',
    path: '/policy-holders/{id}/bundles/{bundleId}',
    tag: 'Policy holders',
    summary: 'Withdraw a bundle from the policy holder',
    status: 204,
    handler: async ({ db, actor, params }) => {
      await getPolicyHolder(db, actor, params.id!);
      await removePolicyHolderBundle(db, actor, { policyHolderId: params.id!, bundleId: params.bundleId! });
    },
  },
  {
    method: 'GET',
    path: '/policy-holders/{id}/insurees',
    tag: 'Policy holders',
    summary: "The policy holder's declared insurees (employees) with bundle and calculation parameters",
    response: z.array(phInsureeJson),
    handler: async ({ db, actor, params }) =>
      (await listPolicyHolderInsurees(db, actor, params.id!)).map(phInsureeToJson),
  },
  {
    method: 'POST',
    path: '/policy-holders/{id}/insurees',
    tag: 'Policy holders',
    summary: 'Declare an insuree (an existing person, or newInsuree for a new one)',
    body: phInsureeCreateBody,
    response: phInsureeJson,
    status: 201,
    handler: async ({ db, actor, params, body }) => {
      const { contributionPlanBundleId, ...rest } = body;
      const { id } = await addPolicyHolderInsuree(db, actor, {
        ...rest,
        bundleId: contributionPlanBundleId,
        policyHolderId: params.id,
      });
      const line = (await listPolicyHolderInsurees(db, actor, params.id!)).find((l) => l.id === id);
      return phInsureeToJson(line!);
    },
  },
  {
    method: 'GET',
    path: phLinePath,
    tag: 'Policy holders',
    summary: 'Read one declared insuree',
    response: phInsureeJson,
    handler: async (ctx) => phInsureeToJson(await assertLineOf(ctx)),
  },
  {
    method: 'PATCH',
    path: phLinePath,
    tag: 'Policy holders',
    summary: 'Change the bundle, calculation parameters or validity of a declared insuree',
    body: phInsureeUpdateBody,
    response: phInsureeJson,
    handler: async (ctx) => {
      await assertLineOf(ctx);
      const { contributionPlanBundleId, ...rest } = ctx.body;
      await updatePolicyHolderInsuree(ctx.db, ctx.actor, {
        ...rest,
        bundleId: contributionPlanBundleId,
        id: ctx.params.lineId,
      });
      return phInsureeToJson(await assertLineOf(ctx));
    },
  },
  {
    method: 'DELETE',
    path: phLinePath,
    tag: 'Policy holders',
    summary: 'Withdraw a declared insuree (soft)',
    body: versionBody,
    status: 204,
    handler: async (ctx) => {
      await assertLineOf(ctx);
      await removePolicyHolderInsuree(ctx.db, ctx.actor, {
        id: ctx.params.lineId,
        version: ctx.body.version,
        policyHolderId: ctx.params.id,
      });
    },
  },
];
