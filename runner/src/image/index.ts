import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { jsonLinesLogger as log } from '../platform/log.ts';
import { serveTasks } from '../platform/serve.ts';
import type { TaskAppState } from '../platform/state.ts';
import { createTaskServer } from '../platform/task-server.ts';
import { createImageApp } from './app.ts';
import { ConfigError, readImageServiceConfig, type ImageServiceConfig } from './config.ts';
import { wireImageService } from './wiring.ts';

const config = loadConfig();
// firebase-admin finds the emulator through FIRESTORE_EMULATOR_HOST by itself.
const db = getFirestore(initializeApp({ projectId: config.project }));
const state: TaskAppState = { accepting: true, abandon: new AbortController() };
const { deps } = wireImageService(config, { db, log, state });

serveTasks({
  server: createTaskServer(createImageApp(deps), { log }),
  state,
  gate: deps.gate,
  port: config.port,
  log,
  name: 'image',
});

function loadConfig(): ImageServiceConfig {
  try {
    return readImageServiceConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log({ severity: 'ERROR', message: error.message });
    process.exit(1);
  }
}
