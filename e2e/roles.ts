/** Demo accounts; `broker` is a portal user acting for two policy holders (Dupont and Acme). */
export const ROLES = ['admin', 'editor', 'approver', 'viewer', 'portal', 'broker'] as const;
export const isPortalRole = (role: Role) => role === 'portal' || role === 'broker';
export type Role = (typeof ROLES)[number];
export const PASSWORD = 'demo1234';
export const emailOf = (role: Role) => `${role}@demo.test`;
export const stateOf = (role: Role) => `e2e/.auth/${role}.json`;
