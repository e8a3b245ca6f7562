import { imageQueue, imageService, jobLeaseMs } from '@phoenix/core';
import { envReader, readR2Config } from '../platform/env.ts';

/** Everything the image service reads from its environment, parsed once at start. */
export interface ImageServiceConfig {
  /** TCP port to listen on (`PORT`, set by Cloud Run). Default 8081. */
  port: number;
  /** Google Cloud project for Vertex AI and Firestore (`GCLOUD_PROJECT`). Required. */
  project: string;
  /**
   * Base URL of the Vertex AI API (`GOOGLE_VERTEX_BASE_URL`); unset means
   * Google's own endpoint. Locally it points at the Vertex fake.
   */
  vertexBaseUrl: string | undefined;
  /**
   * A fixed bearer token for Vertex AI (`VERTEX_ACCESS_TOKEN`). Only for the
   * local fake; unset in production, where Application Default Credentials apply.
   */
  vertexAccessToken: string | undefined;
  r2: {
    /** S3 API endpoint of the R2 account (`R2_ENDPOINT`). Required. */
    endpoint: string;
    /** Bucket the media goes into (`R2_BUCKET`). Required. */
    bucket: string;
    /** `R2_ACCESS_KEY_ID`. Required. */
    accessKeyId: string;
    /** `R2_SECRET_ACCESS_KEY`. Required. */
    secretAccessKey: string;
    /** Public base URL the bucket is served under (`R2_PUBLIC_BASE_URL`). Required. */
    publicBaseUrl: string;
    /**
     * Path-style bucket addressing (`R2_FORCE_PATH_STYLE`, true/false). Default:
     * true for an `http://` endpoint (the local s3rver knows no other), false
     * for `https://` (the virtual-hosted style Cloudflare documents).
     */
    forcePathStyle: boolean;
  };
  /** The OIDC audience Cloud Tasks puts in its tokens: this service's URL (`IMAGE_SERVICE_URL`). Required. */
  audience: string;
  /** The only service account allowed to call `/tasks/image` (`TASKS_INVOKER_EMAIL`). Required. */
  invokerEmail: string;
  /**
   * Where the token-signing certificates are fetched (`OIDC_CERTS_URL`); unset
   * means Google's. Locally, the Cloud Tasks emulator's.
   */
  oidcCertsUrl: string | undefined;
  /**
   * Task requests handled at once (`IMAGE_CONCURRENCY`); more are answered 429.
   * Match the Cloud Run concurrency setting. Default 8.
   */
  concurrency: number;
  /**
   * The `images` queue's `maxAttempts` (`IMAGE_QUEUE_MAX_ATTEMPTS`), −1 for
   * unlimited; tells a delivery that it is the last one. Default `imageQueue.maxAttempts` (5).
   */
  queueMaxAttempts: number;
  /**
   * `Retry-After` sent when the model is busy or down (`IMAGE_MODEL_RETRY_AFTER_SECONDS`),
   * in seconds. Cloud Tasks waits at least this long before the next try. Default 10.
   */
  modelRetryAfterSeconds: number;
  /**
   * How long a job's lease lasts from its last renewal (`IMAGE_LEASE_SECONDS`), in
   * seconds; renewal and the last delivery's wait follow from it (core's
   * `leaseTimings`). Default core's `jobLeaseMs` (45 s). Only tests shorten it.
   */
  leaseSeconds: number;
}

export { ConfigError } from '../platform/env.ts';

/** Reads and checks the configuration, naming every missing or malformed variable at once. */
export function readImageServiceConfig(env: Record<string, string | undefined>): ImageServiceConfig {
  const read = envReader(env);
  const { required, optional, integer } = read;
  const config: ImageServiceConfig = {
    port: integer('PORT', 8081, 0),
    project: required('GCLOUD_PROJECT'),
    vertexBaseUrl: optional('GOOGLE_VERTEX_BASE_URL'),
    vertexAccessToken: optional('VERTEX_ACCESS_TOKEN'),
    r2: readR2Config(read),
    // The task producer puts the service URL without trailing slashes into the token's audience.
    audience: required('IMAGE_SERVICE_URL').replace(/\/+$/, ''),
    invokerEmail: required('TASKS_INVOKER_EMAIL'),
    oidcCertsUrl: optional('OIDC_CERTS_URL'),
    concurrency: integer('IMAGE_CONCURRENCY', imageService.concurrency, 1),
    queueMaxAttempts: integer('IMAGE_QUEUE_MAX_ATTEMPTS', imageQueue.maxAttempts, -1),
    modelRetryAfterSeconds: integer('IMAGE_MODEL_RETRY_AFTER_SECONDS', 10, 0),
    leaseSeconds: integer('IMAGE_LEASE_SECONDS', jobLeaseMs / 1000, 1),
  };
  if (config.queueMaxAttempts === 0) read.problems.push('IMAGE_QUEUE_MAX_ATTEMPTS must be −1 or at least 1');
  read.check('image service');
  return config;
}
