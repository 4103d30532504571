export * from './audit';
export * from './auth';
export * from './contribution-plans';
export * from './insurees';
export * from './policy-holders';
export * from './products';
