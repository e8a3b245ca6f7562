export * from './errors.ts';
export * from './ping.ts';
