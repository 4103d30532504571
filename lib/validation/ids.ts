import { z } from 'zod';
import { err } from '../i18n/keyed';

/** Most policy holders one bulk run (generate contracts, invoice) may name; the UI selects from one page. */
export const MAX_POLICY_HOLDER_IDS = 1000;

/**
 * A list of policy holder ids sent by a client: bounded, so that nobody can make a service run
 * per-id work for an arbitrarily long list; the message tells what to do instead.
 */
export const policyHolderIdList = z
  .array(z.string().uuid(err('validation.policyHolderMustBeId')))
  .max(MAX_POLICY_HOLDER_IDS, err('validation.chooseMost1000Policy'))
  .optional();
