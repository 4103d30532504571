import { type Actor, assertCan } from '../auth/actor';
import { ForbiddenError } from '../errors';
import { err } from '../i18n/keyed';

/** Premium rules are the insurer's product configuration: staff who read reference data read them. */
export function assertRulesRead(actor: Actor): void {
  if (actor.isPortal) throw new ForbiddenError(err('common.referenceDataManagedInsurer'));
  assertCan(actor, 'policyholder.read');
}

/** Creating, changing, testing and publishing rules needs `product.configure`. */
export function assertRulesWrite(actor: Actor): void {
  if (actor.isPortal) throw new ForbiddenError(err('common.referenceDataManagedInsurer'));
  assertCan(actor, 'product.configure');
}
