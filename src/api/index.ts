export * from './contract.ts';
export * from './errors.ts';
export type * from './wire.ts';
