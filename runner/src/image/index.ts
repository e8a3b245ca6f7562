import { createServer } from 'node:http';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { createImageApp } from './app.ts';
import { ConfigError, readImageServiceConfig, type ImageServiceConfig } from './config.ts';
import { jsonLinesLogger as log } from './log.ts';
import { wireImageService } from './wiring.ts';

/** Cloud Run gives about 10 s between SIGTERM and SIGKILL. */
const drainTimeoutMs = 9_000;

const config = loadConfig();
// firebase-admin finds the emulator through FIRESTORE_EMULATOR_HOST by itself.
const db = getFirestore(initializeApp({ projectId: config.project }));
const { deps } = wireImageService(config, { db, log });

const server = createServer(createImageApp(deps));
server.listen(config.port, () =>
  log({
    severity: 'INFO',
    message: 'image service listening',
    port: config.port,
    concurrency: config.concurrency,
  }),
);

process.once('SIGTERM', () => {
  // /readyz turns 503 and new tasks get 503 + Retry-After; requests in flight finish.
  deps.state.accepting = false;
  log({ severity: 'INFO', message: 'SIGTERM: draining requests in flight', inFlight: deps.gate.inFlight });
  server.close();
  server.closeIdleConnections();
  const forced = setTimeout(() => {
    log({
      severity: 'WARNING',
      message: 'drain timed out; exiting with work in flight',
      inFlight: deps.gate.inFlight,
    });
    process.exit(1);
  }, drainTimeoutMs);
  forced.unref();
  void deps.gate.idle().then(() => {
    clearTimeout(forced);
    log({ severity: 'INFO', message: 'drained; exiting' });
    process.exit(0);
  });
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
