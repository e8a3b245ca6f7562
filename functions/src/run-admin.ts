import { createRequire } from 'node:module';
import type * as run from '@google-cloud/run';
import type { v2 } from '@google-cloud/run';
import { logger } from 'firebase-functions';
import type * as gax from 'google-gax';

/** The Cloud Run services whose max instances the budget turns down and back up. */
export type ScaledService = 'image' | 'video';

/** Reads and sets a Cloud Run service's service-level max instances through the Run Admin API. */
export interface ServiceScaler {
  /**
   * The service's `scaling.maxInstanceCount` (0: no service-level limit), or
   * null when the service does not exist (the video worker before its first deploy).
   */
  getMaxInstances(service: ScaledService): Promise<number | null>;
  /**
   * Sets `scaling.maxInstanceCount`, waits for the operation, and resolves
   * with the max the service then has. Service-level scaling takes effect at
   * once, without a new revision.
   * @throws RangeError when `maxInstances` is not a whole number ≥ 1 (0 would lift the limit)
   * @throws ServiceNotFoundError when the service does not exist
   * @throws ServiceScaleConflictError when every attempt met the 409 revision conflict
   */
  setMaxInstances(service: ScaledService, maxInstances: number): Promise<number>;
}

export interface ServiceScalerOptions {
  /** Google Cloud project of the services. */
  project: string;
  /** Cloud Run region of the services, e.g. `us-central1`. */
  region: string;
  /** Cloud Run service id of each scaled service, e.g. `{ image: 'phoenix-image', video: 'phoenix-video' }`. */
  serviceNames: Record<ScaledService, string>;
  /** `host:port` of the local Cloud Run Admin fake (plaintext gRPC); unset: the real API with ADC. */
  emulatorHost?: string;
  /** UpdateService attempts when Cloud Run answers the revision conflict, the first included. @default 4 */
  maxAttempts?: number;
  /** Wait before the first retry, in ms; each later retry waits twice as long. @default 1000 */
  retryDelayMs?: number;
  /** How long one GetService or UpdateService call may take, in ms. @default 30000 */
  timeoutMs?: number;
  /** Makes the client on first use; by default a ServicesClient for `emulatorHost` or the real API. */
  client?: () => RunServicesApi;
}

/** The part of `@google-cloud/run`'s v2 ServicesClient the scaler uses. */
export type RunServicesApi = Pick<v2.ServicesClient, 'servicePath' | 'getService' | 'updateService'>;

/** The Cloud Run service is not there (gRPC NOT_FOUND). */
export class ServiceNotFoundError extends Error {
  readonly service: ScaledService;
  /** Full resource name: `projects/{p}/locations/{r}/services/{s}`. */
  readonly resourceName: string;

  constructor(service: ScaledService, resourceName: string, options?: ErrorOptions) {
    super(`Cloud Run service ${resourceName} (${service}) does not exist`, options);
    this.name = 'ServiceNotFoundError';
    this.service = service;
    this.resourceName = resourceName;
  }
}

/** Every attempt to update the service met Cloud Run's 409 revision conflict. */
export class ServiceScaleConflictError extends Error {
  readonly service: ScaledService;
  readonly attempts: number;

  constructor(service: ScaledService, attempts: number, options?: ErrorOptions) {
    super(
      `Cloud Run kept answering a revision conflict for the ${service} service after ${attempts} attempts`,
      options,
    );
    this.name = 'ServiceScaleConflictError';
    this.service = service;
    this.attempts = attempts;
  }
}

const grpcNotFound = 5;
const grpcAlreadyExists = 6;
const grpcAborted = 10;

/**
 * Whether an UpdateService failure is the conflict worth retrying: ABORTED
 * (a concurrent change), or the 409 "Revision named … with different
 * configuration already exists" that a masked service-level scaling update
 * can get (googleapis/google-cloud-python#14259), which arrives as ALREADY_EXISTS.
 */
export function isRevisionConflict(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === grpcAborted) return true;
  return (
    (code === grpcAlreadyExists || code === 409) &&
    /different configuration already exists/i.test(String(message ?? ''))
  );
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === grpcNotFound || code === 404;
}

export function createServiceScaler(options: ServiceScalerOptions): ServiceScaler {
  return scalerFrom(() => options);
}

/**
 * The scaler for the functions' environment, read on first use (so loading
 * the functions for deploy needs none of it):
 * - `GCLOUD_PROJECT` (required);
 * - `PHOENIX_REGION` (default `us-central1`);
 * - `PHOENIX_IMAGE_SERVICE` (default `phoenix-image`) and `PHOENIX_VIDEO_SERVICE` (default `phoenix-video`);
 * - `PHOENIX_RUN_ADMIN_EMULATOR_HOST` (`host:port` of the local fake; required inside the Functions emulator).
 */
export function serviceScalerFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceScaler {
  return scalerFrom(() => serviceScalerOptionsFromEnv(env));
}

/** @throws Error naming the first missing or malformed variable */
export function serviceScalerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceScalerOptions {
  const project = env.GCLOUD_PROJECT?.trim();
  if (!project)
    throw new Error('GCLOUD_PROJECT is not set; the Run Admin API needs the project of the services');
  const emulatorHost = env.PHOENIX_RUN_ADMIN_EMULATOR_HOST?.trim();
  if (!emulatorHost && env.FUNCTIONS_EMULATOR === 'true') {
    // Without it the client would go to the real run.googleapis.com from a laptop.
    throw new Error(
      'PHOENIX_RUN_ADMIN_EMULATOR_HOST is not set; in the Functions emulator the scaler must talk to the ' +
        "stack's Cloud Run Admin fake",
    );
  }
  return {
    project,
    region: env.PHOENIX_REGION?.trim() || 'us-central1',
    serviceNames: {
      image: env.PHOENIX_IMAGE_SERVICE?.trim() || 'phoenix-image',
      video: env.PHOENIX_VIDEO_SERVICE?.trim() || 'phoenix-video',
    },
    ...(emulatorHost ? { emulatorHost } : {}),
  };
}

function scalerFrom(resolveOptions: () => ServiceScalerOptions): ServiceScaler {
  let options: ServiceScalerOptions | undefined;
  let client: RunServicesApi | undefined;
  const setup = () => {
    options ??= resolveOptions();
    client ??= options.client?.() ?? createRunServicesClient(options.emulatorHost);
    return { options, client };
  };
  const resourceName = (service: ScaledService) => {
    const { options, client } = setup();
    const id = options.serviceNames[service];
    if (id === undefined)
      throw new RangeError(`unknown service "${String(service)}"; expected image or video`);
    return client.servicePath(options.project, options.region, id);
  };

  return {
    async getMaxInstances(service) {
      const name = resourceName(service);
      const { options, client } = setup();
      try {
        const [found] = await client.getService({ name }, { timeout: options.timeoutMs ?? 30_000 });
        return found.scaling?.maxInstanceCount ?? 0;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async setMaxInstances(service, maxInstances) {
      if (!Number.isInteger(maxInstances) || maxInstances < 1 || maxInstances > 2 ** 31 - 1) {
        throw new RangeError(`maxInstances must be a whole number ≥ 1, got ${maxInstances}`);
      }
      const name = resourceName(service);
      const { options, client } = setup();
      const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
      for (let attempt = 1; ; attempt += 1) {
        try {
          const [operation] = await client.updateService(
            {
              service: { name, scaling: { maxInstanceCount: maxInstances } },
              updateMask: { paths: ['scaling.max_instance_count'] },
            },
            { timeout: options.timeoutMs ?? 30_000 },
          );
          const [updated] = await operation.promise();
          return updated.scaling?.maxInstanceCount ?? 0;
        } catch (error) {
          if (isNotFound(error)) throw new ServiceNotFoundError(service, name, { cause: error });
          if (!isRevisionConflict(error)) throw error;
          if (attempt >= maxAttempts) throw new ServiceScaleConflictError(service, attempt, { cause: error });
          const delayMs = (options.retryDelayMs ?? 1000) * 2 ** (attempt - 1);
          logger.warn(
            `Cloud Run answered a revision conflict while setting ${service} max instances to ${maxInstances}; ` +
              `retrying in ${delayMs} ms (attempt ${attempt + 1} of ${maxAttempts})`,
            { service: name, maxInstances, attempt, error: String((error as Error)?.message ?? error) },
          );
          await new Promise((resolve) => setTimeout(resolve, delayMs));
        }
      }
    },
  };
}

/**
 * A ServicesClient. With `emulatorHost` (`host:port`) it speaks plaintext gRPC
 * to the local fake and never looks for Google credentials.
 */
export function createRunServicesClient(emulatorHost?: string): v2.ServicesClient {
  const { ServicesClient } = runPackage().v2;
  if (!emulatorHost) return new ServicesClient();
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(emulatorHost.trim());
  if (!match) throw new Error(`PHOENIX_RUN_ADMIN_EMULATOR_HOST must be "host:port", got "${emulatorHost}"`);
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  return new ServicesClient({
    apiEndpoint: match[1],
    port: Number(match[2]),
    sslCreds: clientGrpc().credentials.createInsecure(),
    fallback: false,
  });
}

/**
 * Loaded on the first scaler call, not with the functions: the package and
 * its google-gax take about 0.4 s of CPU that every other function's cold
 * start (and deploy's 10 s discovery) would otherwise pay.
 */
function runPackage(): typeof run {
  return createRequire(import.meta.url)('@google-cloud/run') as typeof run;
}

/**
 * The gRPC module of the google-gax copy that @google-cloud/run itself loads:
 * credentials from any other copy fail its instanceof check.
 */
function clientGrpc(): (typeof gax)['grpc'] {
  const require = createRequire(import.meta.url);
  return (createRequire(require.resolve('@google-cloud/run'))('google-gax') as typeof gax).grpc;
}
