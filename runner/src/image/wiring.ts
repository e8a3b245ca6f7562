import type { Firestore } from 'firebase-admin/firestore';
import { leaseTimings } from '@phoenix/core';
import { createR2Client } from '../storage/r2-client.ts';
import { createConcurrencyGate } from '../platform/concurrency-gate.ts';
import { jsonLinesLogger, type Logger } from '../platform/log.ts';
import type { TaskAppState } from '../platform/state.ts';
import { createTaskAuthenticator } from '../platform/task-auth.ts';
import type { ImageAppDeps } from './app.ts';
import type { ImageServiceConfig } from './config.ts';
import { createImageGenerator } from './generate.ts';
import { createFirestoreJobStore } from './job-store.ts';
import { createR2MediaStore } from '../storage/media-store.ts';
import { createVertexClients } from '../platform/vertex-client.ts';

export interface WiredImageService {
  deps: ImageAppDeps;
  /** Stops the R2 client's sockets. Firestore belongs to the caller. */
  close(): void;
}

/**
 * Builds the service's real dependencies from its configuration: the one
 * place `index.ts` and the integration tests share, so tests run the same
 * wiring production does.
 */
export function wireImageService(
  config: ImageServiceConfig,
  options: { db: Firestore; state?: TaskAppState; log?: Logger },
): WiredImageService {
  const r2 = createR2Client({
    endpoint: config.r2.endpoint,
    accessKeyId: config.r2.accessKeyId,
    secretAccessKey: config.r2.secretAccessKey,
    forcePathStyle: config.r2.forcePathStyle,
  });
  const leaseMs = config.leaseSeconds * 1000;
  const lease = leaseTimings(leaseMs);
  const deps: ImageAppDeps = {
    state: options.state ?? { accepting: true, abandon: new AbortController() },
    gate: createConcurrencyGate(config.concurrency),
    auth: createTaskAuthenticator({
      audience: config.audience,
      invokerEmail: config.invokerEmail,
      certsUrl: config.oidcCertsUrl,
    }),
    tasks: {
      jobs: createFirestoreJobStore(options.db, { leaseMs }),
      // One client per location: each model is called where Vertex serves it (Gemini 3: `global`).
      generator: createImageGenerator(
        createVertexClients({
          project: config.project,
          baseUrl: config.vertexBaseUrl,
          accessToken: config.vertexAccessToken,
        }),
      ),
      media: createR2MediaStore({
        client: r2,
        bucket: config.r2.bucket,
        publicBaseUrl: config.r2.publicBaseUrl,
      }),
      queueMaxAttempts: config.queueMaxAttempts,
      modelRetryAfterSeconds: config.modelRetryAfterSeconds,
      limits: { leaseRenewIntervalMs: lease.renewIntervalMs, finalDeliveryWaitMs: lease.finalDeliveryWaitMs },
    },
    log: options.log ?? jsonLinesLogger,
  };
  return { deps, close: () => r2.destroy() };
}
