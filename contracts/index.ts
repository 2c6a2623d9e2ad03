/**
 * The contracts between the API, the activities and the workflows: the zod
 * schema of every workflow message and view, its type (z.infer), its
 * defineUpdate/defineSignal/defineQuery; workflow type names and ids; ledger
 * keys. Changing a name or a shape here changes a contract with running
 * campaigns (their histories carry these shapes), so add, do not rename.
 */
export * from './common';
export * from './rectification';
export * from './commitment';
export * from './campaign';
export * from './supervision';
export * from './unit-campaign';
export * from './holiday-calendar';
export * from './delivery';
export * from './workflow-ids';
export * from './ledger-keys';
export * from './commendation';
export * from './scoring';
export * from './monthly-star';
export * from './workflow-handles';
