import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';

/** The shared test stack, as its global setup started it. */
export function testStack() {
  const stack = inject('stack');
  const [host = '127.0.0.1', port = '0'] = (stack.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
  return {
    ...stack,
    firestore: { host, port: Number(port) },
    /** Points firebase-admin (read at initialisation) at the emulators. */
    useEmulatorEnv(): void {
      Object.assign(process.env, stack.env);
    },
  };
}

/** A fresh collection-name prefix per test, so tests never see each other's data. */
export function uniquePrefix(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}
