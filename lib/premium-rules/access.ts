import { type Actor, assertCan } from '../auth/actor';
import { ForbiddenError } from '../errors';

/** Premium rules are the insurer's product configuration: staff who read reference data read them. */
export function assertRulesRead(actor: Actor): void {
  if (actor.isPortal) throw new ForbiddenError('Reference data is managed by the insurer.');
  assertCan(actor, 'policyholder.read');
}

/** Creating, changing, testing and publishing rules needs `product.configure`. */
export function assertRulesWrite(actor: Actor): void {
  if (actor.isPortal) throw new ForbiddenError('Reference data is managed by the insurer.');
  assertCan(actor, 'product.configure');
}
