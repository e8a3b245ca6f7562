import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { ImageAppState } from './app.ts';
import { ConfigError, readImageServiceConfig, type ImageServiceConfig } from './config.ts';
import { jsonLinesLogger as log } from './log.ts';
import { createImageServer } from './server.ts';
import { wireImageService } from './wiring.ts';

/**
 * Milliseconds the work in flight may take to finish after SIGTERM. With
 * {@link abandonGraceMs} it stays under the ~10 s Cloud Run allows between
 * SIGTERM and SIGKILL.
 */
const drainTimeoutMs = 8_000;
/**
 * Milliseconds given, once the drain has timed out, to the deliveries still in
 * flight to release their leases (one Firestore write each) before the exit.
 */
const abandonGraceMs = 1_500;

const config = loadConfig();
// firebase-admin finds the emulator through FIRESTORE_EMULATOR_HOST by itself.
const db = getFirestore(initializeApp({ projectId: config.project }));
const state: ImageAppState = { accepting: true, abandon: new AbortController() };
const { deps } = wireImageService(config, { db, log, state });

const server = createImageServer(deps);
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
  state.accepting = false;
  log({ severity: 'INFO', message: 'SIGTERM: draining requests in flight', inFlight: deps.gate.inFlight });
  server.close();
  server.closeIdleConnections();
  let timedOut = false;
  const forced = setTimeout(() => {
    timedOut = true;
    void abandonAndExit();
  }, drainTimeoutMs);
  forced.unref();
  void deps.gate.idle().then(() => {
    // Once abandoned, an idle gate is the abandon's to report.
    if (timedOut) return;
    clearTimeout(forced);
    log({ severity: 'INFO', message: 'drained; exiting' });
    process.exit(0);
  });
});

/**
 * The drain ran out of time: tell the deliveries in flight to give up and
 * release their leases, so the jobs' next deliveries need not wait the lease
 * out; exit once they have, or after {@link abandonGraceMs} regardless.
 */
async function abandonAndExit(): Promise<void> {
  log({
    severity: 'WARNING',
    message: 'drain timed out; abandoning the work in flight',
    inFlight: deps.gate.inFlight,
  });
  state.abandon.abort(new Error('the instance is shutting down'));
  const released = await Promise.race([
    deps.gate.idle().then(() => true),
    new Promise<false>((resolve) => setTimeout(resolve, abandonGraceMs, false)),
  ]);
  log({
    severity: 'WARNING',
    message: released
      ? 'abandoned work released; exiting'
      : 'abandoned work did not release in time; exiting',
    inFlight: deps.gate.inFlight,
  });
  process.exit(1);
}

function loadConfig(): ImageServiceConfig {
  try {
    return readImageServiceConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log({ severity: 'ERROR', message: error.message });
    process.exit(1);
  }
}
