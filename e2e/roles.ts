export const ROLES = ['admin', 'editor', 'approver', 'viewer', 'portal'] as const;
export type Role = (typeof ROLES)[number];
export const PASSWORD = 'demo1234';
export const emailOf = (role: Role) => `${role}@demo.test`;
export const stateOf = (role: Role) => `e2e/.auth/${role}.json`;
