import { type Actor, assertCan } from '../auth/actor';
import { ForbiddenError } from '../errors';

/** Reference data is the insurer's: staff who read policy holders read it; the portal does not. */
export function assertReferenceRead(actor: Actor): void {
  if (actor.isPortal) throw new ForbiddenError('Reference data is managed by the insurer.');
  assertCan(actor, 'policyholder.read');
}

export function assertReferenceWrite(actor: Actor): void {
  if (actor.isPortal) throw new ForbiddenError('Reference data is managed by the insurer.');
  assertCan(actor, 'reference.write');
}
