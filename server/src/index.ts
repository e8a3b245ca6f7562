export * from './money-tx.ts';
export * from './queue-board.ts';
export * from './cloud-tasks.ts';
