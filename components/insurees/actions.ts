'use server';
import { runAction } from '@/lib/action';
import { applyCensus, previewCensus } from '@/lib/census/census';
import { localize } from '@/lib/i18n/localize';
import { getLocale } from '@/lib/i18n/server';
import {
  addPolicyHolderInsuree,
  removePolicyHolderInsuree,
  searchInsurees,
  updatePolicyHolderInsuree,
} from '@/lib/policy-holders/insurees';

// The insuree list is worked by staff on the policy holder card and by the policy holder in the portal.
const paths = (policyHolderId: string) => [`/policy-holders/${policyHolderId}`, '/portal/insurees'];

export async function addPolicyHolderInsureeAction(input: {
  policyHolderId: string;
  [field: string]: unknown;
}) {
  return runAction((db, actor) => addPolicyHolderInsuree(db, actor, input), {
    revalidate: paths(input.policyHolderId),
  });
}

export async function updatePolicyHolderInsureeAction(input: {
  id: string;
  policyHolderId: string;
  [field: string]: unknown;
}) {
  return runAction((db, actor) => updatePolicyHolderInsuree(db, actor, input), {
    revalidate: paths(input.policyHolderId),
  });
}

export async function removePolicyHolderInsureeAction(input: {
  id: string;
  version: number;
  policyHolderId: string;
}) {
  return runAction((db, actor) => removePolicyHolderInsuree(db, actor, input), {
    revalidate: paths(input.policyHolderId),
  });
}

export async function searchInsureesAction(q: string) {
  return runAction((db, actor) => searchInsurees(db, actor, q));
}

/** The uploaded employee list of a census form: the file's name and bytes, and the other fields. */
async function censusForm(form: FormData) {
  const file = form.get('file');
  const bytes = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  const fileName = file instanceof File ? file.name : 'census.csv';
  const text = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' ? v : '';
  };
  return {
    input: { policyHolderId: text('policyHolderId'), fileName, leaveDate: text('leaveDate') },
    digest: text('digest'),
    bytes,
  };
}

/** Reads the list and answers what applying it would do; writes nothing. Row errors come translated. */
export async function previewCensusAction(form: FormData) {
  const { input, bytes } = await censusForm(form);
  const locale = await getLocale().catch(() => 'en' as const);
  return runAction(async (db, actor) => {
    const preview = await previewCensus(db, actor, input, bytes);
    return {
      ...preview,
      errors: preview.errors.map((e) => ({ ...e, message: localize(e.message, locale) })),
    };
  });
}

export async function applyCensusAction(form: FormData) {
  const { input, digest, bytes } = await censusForm(form);
  return runAction((db, actor) => applyCensus(db, actor, { ...input, digest }, bytes), {
    revalidate: paths(input.policyHolderId),
  });
}
