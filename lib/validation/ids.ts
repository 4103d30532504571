import { z } from 'zod';

/** Most policy holders one bulk run (generate contracts, invoice) may name; the UI selects from one page. */
export const MAX_POLICY_HOLDER_IDS = 1000;

/**
 * A list of policy holder ids sent by a client: bounded, so that nobody can make a service run
 * per-id work for an arbitrarily long list; the message tells what to do instead.
 */
export const policyHolderIdList = z
  .array(z.string().uuid('Policy holder must be an id.'))
  .max(MAX_POLICY_HOLDER_IDS, 'Choose at most 1000 policy holders at a time, or use a filter.')
  .optional();
