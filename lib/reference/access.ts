import { type Actor, assertCan, can } from '../auth/actor';
import { ForbiddenError } from '../errors';
import { err } from '../i18n/keyed';

/** Reference data is the insurer's: staff who read policy holders read it; the portal does not. */
export function assertReferenceRead(actor: Actor): void {
  if (actor.isPortal) throw new ForbiddenError(err('common.referenceDataManagedInsurer'));
  assertCan(actor, 'policyholder.read');
}

/**
 * Products, contribution plans and bundles: `reference.write` (the API's grant since the beginning) or
 * `product.configure` (issue 17: the product admin screens) — either grant, nothing else.
 */
export function assertReferenceWrite(actor: Actor): void {
  if (actor.isPortal) throw new ForbiddenError(err('common.referenceDataManagedInsurer'));
  if (can(actor, 'product.configure')) return;
  assertCan(actor, 'reference.write');
}
