/**
 * The permission vocabulary. Code checks permissions, never role names; the role → permission table in
 * the database decides who holds them (seeded from DEFAULT_ROLE_PERMISSIONS), and anything not granted
 * there is denied.
 */
export const STAFF_PERMISSIONS = [
  'contract.read',
  'contract.create',
  'contract.update',
  'contract.delete',
  'contract.submit',
  'contract.approve',
  'contract.amend',
  'contract.renew',
  'contract.comment',
  'invoice.create',
  'payment.record',
  'policyholder.read',
  'policyholder.write',
  'admin.users',
  'admin.outbox',
  /** Issue 16: partners' webhook endpoints and their delivery log. */
  'admin.webhooks',
  'reference.write',
  /** Issue 17: premium rules (rate tables, formulas, versions) and the product admin screens. */
  'product.configure',
  /** Issue 14: SEPA creditor settings, mandates, collection runs and bank reconciliation. */
  'collection.manage',
] as const;

export const PORTAL_PERMISSIONS = [
  'portal.contract.read',
  'portal.contract.create',
  'portal.contract.update',
  'portal.contract.submit',
  'portal.comment',
  'portal.insurees.read',
  'portal.insurees.write',
  /** Issue 14: give a SEPA direct debit mandate for one's own policy holder. */
  'portal.mandate.write',
] as const;

export const PERMISSIONS = [...STAFF_PERMISSIONS, ...PORTAL_PERMISSIONS] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_CODES = ['admin', 'editor', 'approver', 'viewer', 'portal'] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

export const DEFAULT_ROLES: Record<RoleCode, { name: string; isPortal: boolean; permissions: Permission[] }> =
  {
    admin: { name: 'Administrator', isPortal: false, permissions: [...STAFF_PERMISSIONS] },
    editor: {
      name: 'Contract editor',
      isPortal: false,
      permissions: [
        'contract.read',
        'contract.create',
        'contract.update',
        'contract.submit',
        'contract.delete',
        'contract.amend',
        'contract.renew',
        'contract.comment',
        'policyholder.read',
        'policyholder.write',
      ],
    },
    approver: {
      name: 'Contract approver',
      isPortal: false,
      permissions: [
        'contract.read',
        'contract.approve',
        'contract.comment',
        'invoice.create',
        'payment.record',
        'policyholder.read',
        'collection.manage',
      ],
    },
    viewer: { name: 'Read only', isPortal: false, permissions: ['contract.read', 'policyholder.read'] },
    portal: { name: 'Policy holder (portal)', isPortal: true, permissions: [...PORTAL_PERMISSIONS] },
  };

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
