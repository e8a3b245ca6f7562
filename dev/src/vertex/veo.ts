import { randomUUID } from 'node:crypto';
import type { ModelCall, RenderSettings } from './context.ts';
import { digestOf, seedKey } from './determinism.ts';
import {
  GoogleApiError,
  invalidArgument,
  RPC_CODE,
  VEO_BLOCKED_PROMPT_MESSAGE,
  VEO_FILTERED_REASON,
} from './errors.ts';
import { stringField, type JsonObject } from './json-fields.ts';
import type { Logger } from '../../../runner/src/platform/log.ts';
import { modelResourceName } from './models.ts';
import type { ObjectStore } from './object-store.ts';
import { dimensionsFor } from './render-image.ts';
import { renderVideo } from './render-video.ts';
import { readVeoRequest, type VeoRequest } from './veo-request.ts';

const RESPONSE_TYPE = 'type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse';

type Outcome =
  | { state: 'running' }
  | { state: 'succeeded'; response: JsonObject }
  | { state: 'failed'; error: { code: number; message: string } };

interface Operation {
  name: string;
  modelResource: string;
  /** Epoch ms before which the operation reports running even if rendering finished. */
  readyAt: number;
  outcome: Outcome;
  settled: Promise<void>;
}

export interface VeoOperationsOptions {
  render: RenderSettings;
  logger: Logger;
  /** Where videos for a `storageUri` go, for the Cloud Storage route to serve. */
  objects: ObjectStore;
  /** Largest number of ffmpeg encodes at once. Default 2, one per core of a small machine. */
  maxConcurrentRenders?: number;
  /** How long finished operations stay fetchable, in milliseconds. Default 1 hour. */
  retentionMs?: number;
}

/** The long-running operations behind `:predictLongRunning` and `:fetchPredictOperation`. */
export class VeoOperations {
  readonly #operations = new Map<string, Operation>();
  readonly #shutdown = new AbortController();
  readonly #options: VeoOperationsOptions;
  #activeRenders = 0;
  readonly #waitingRenders: Array<() => void> = [];

  constructor(options: VeoOperationsOptions) {
    this.#options = options;
  }

  /** Validates the request, registers the operation and starts rendering in the background. */
  async start(call: ModelCall): Promise<JsonObject> {
    const request = await readVeoRequest(call.body);
    this.#pruneExpired();
    const modelResource = modelResourceName(call.route);
    const operationId = randomUUID();
    const operation: Operation = {
      name: `${modelResource}/operations/${operationId}`,
      modelResource,
      readyAt: Date.now() + call.fault.veoDurationMs,
      outcome: { state: 'running' },
      settled: Promise.resolve(),
    };
    if (call.fault.blocked) {
      operation.outcome = {
        state: 'failed',
        error: { code: RPC_CODE.INVALID_ARGUMENT, message: VEO_BLOCKED_PROMPT_MESSAGE },
      };
    } else if (call.fault.veoFail) {
      operation.outcome = {
        state: 'failed',
        error: {
          code: RPC_CODE.INTERNAL,
          message: 'Video generation failed due to an internal error. Please try again later.',
        },
      };
    } else {
      operation.settled = this.#render(operation, call, request, operationId);
    }
    this.#operations.set(operation.name, operation);
    return { name: operation.name };
  }

  /** The operation as Vertex reports it: bare name while running, `done` with response or error after. */
  fetch(call: ModelCall): JsonObject {
    const operationName = stringField(call.body, 'operationName', 'operationName');
    if (!operationName)
      throw invalidArgument("Invalid value at 'operationName': the operation name is required.");
    const operation = this.#operations.get(operationName);
    if (!operation) throw new GoogleApiError(404, `Operation ${operationName} not found.`);
    if (operation.modelResource !== modelResourceName(call.route)) {
      throw invalidArgument(
        `Operation ${operationName} does not belong to model ${modelResourceName(call.route)}.`,
      );
    }
    const { outcome } = operation;
    if (outcome.state === 'running' || Date.now() < operation.readyAt) return { name: operation.name };
    return outcome.state === 'failed'
      ? { name: operation.name, done: true, error: outcome.error }
      : { name: operation.name, done: true, response: outcome.response };
  }

  /** Kills running encodes and waits for them to wind down. */
  async close(): Promise<void> {
    this.#shutdown.abort();
    for (const release of this.#waitingRenders.splice(0)) release();
    await Promise.all([...this.#operations.values()].map((operation) => operation.settled));
  }

  async #render(
    operation: Operation,
    call: ModelCall,
    request: VeoRequest,
    operationId: string,
  ): Promise<void> {
    const { render } = this.#options;
    const { width, height } = dimensionsFor(request.aspectRatio, render.videoLongSidePx);
    const seed = seedKey(request.seed);
    const delivered = Math.max(0, request.sampleCount - call.fault.filterCount);
    try {
      const videos: JsonObject[] = [];
      for (let index = 0; index < delivered; index++) {
        if (this.#shutdown.signal.aborted) throw new Error('server is shutting down');
        const digest = digestOf([
          'veo',
          call.route.model,
          request.prompt,
          seed,
          index,
          width,
          height,
          request.durationSeconds,
          request.withAudio,
          request.image,
          ...request.extraDigestParts,
        ]);
        const bytes = await this.#limited(() =>
          renderVideo(
            {
              digest,
              width,
              height,
              prompt: request.prompt,
              caption: `${call.route.model} · ${seed} · #${index}`,
              baseImage: request.image,
              fps: render.videoFps,
              durationSeconds: request.durationSeconds,
              withAudio: request.withAudio,
            },
            { ffmpegPath: render.ffmpegPath, signal: this.#shutdown.signal },
          ),
        );
        if (request.storageUri) {
          // As Veo does: the object is in the bucket before the operation reports done.
          const gcsUri = `${request.storageUri.replace(/\/+$/, '')}/${operationId}/sample_${index}.mp4`;
          this.#options.objects.put(gcsUri, { bytes, contentType: 'video/mp4' });
          videos.push({ gcsUri, mimeType: 'video/mp4' });
          continue;
        }
        videos.push({ bytesBase64Encoded: bytes.toString('base64'), mimeType: 'video/mp4' });
      }
      const filtered = request.sampleCount - delivered;
      const response: JsonObject = { '@type': RESPONSE_TYPE, raiMediaFilteredCount: filtered };
      if (filtered > 0) response['raiMediaFilteredReasons'] = [VEO_FILTERED_REASON];
      if (videos.length > 0) response['videos'] = videos;
      operation.outcome = { state: 'succeeded', response };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!this.#shutdown.signal.aborted) {
        this.#options.logger({
          severity: 'ERROR',
          message: `video render failed: ${message}`,
          operation: operation.name,
        });
      }
      operation.outcome = {
        state: 'failed',
        error: { code: RPC_CODE.INTERNAL, message: `Video rendering failed: ${message}` },
      };
    }
  }

  async #limited<T>(work: () => Promise<T>): Promise<T> {
    const limit = this.#options.maxConcurrentRenders ?? 2;
    while (this.#activeRenders >= limit) {
      await new Promise<void>((resolve) => this.#waitingRenders.push(resolve));
      if (this.#shutdown.signal.aborted) throw new Error('server is shutting down');
    }
    this.#activeRenders++;
    try {
      return await work();
    } finally {
      this.#activeRenders--;
      this.#waitingRenders.shift()?.();
    }
  }

  #pruneExpired(): void {
    const cutoff = Date.now() - (this.#options.retentionMs ?? 3_600_000);
    for (const [name, operation] of this.#operations) {
      if (operation.outcome.state !== 'running' && operation.readyAt < cutoff) this.#operations.delete(name);
    }
  }
}
