import { GenerateVideosOperation, type GoogleGenAI } from '@google/genai';
import { videoModelById, type VideoRequest } from '@phoenix/core';

/** What one look at a Veo operation found. */
export type VeoPoll =
  | { done: false }
  /** The video, as bytes or (with `storageUri`) a `gs://` URI. */
  | { done: true; kind: 'video'; bytes: Buffer | undefined; uri: string | undefined }
  /** Veo's safety filter removed every video. */
  | { done: true; kind: 'filtered'; reasons: string[] }
  /** The operation failed; `blocked` when the prompt itself was refused. */
  | { done: true; kind: 'failed'; message: string; blocked: boolean };

export interface VeoClient {
  /** Starts one Veo operation and answers its full name. Billed once started: call it once per job. */
  submit(request: VideoRequest, firstFrame: { bytes: Buffer; mimeType: string } | null): Promise<string>;
  /** One `fetchPredictOperation` of an operation this worker (or an earlier delivery) started. */
  poll(operationName: string): Promise<VeoPoll>;
}

/** Vertex's words for a refused prompt (the fake says the same). */
const blockedPrompt = /prompt.*(blocked|violat|filter)|usage guidelines/i;

export interface VeoClientOptions {
  /** Veo's `storageUri`: where it writes the videos, answering `gs://` URIs instead of bytes. */
  outputGcsUri?: string | undefined;
}

/** Veo through @google/genai, each model at its catalogue location. */
export function createVeoClient(
  clientAt: (location: string) => GoogleGenAI,
  options: VeoClientOptions = {},
): VeoClient {
  const clientFor = (model: string) => clientAt(videoModelById(model)?.location ?? 'us-central1');
  return {
    async submit(request, firstFrame) {
      const operation = await clientFor(request.model).models.generateVideos({
        model: request.model,
        source: {
          prompt: request.prompt,
          ...(firstFrame
            ? { image: { imageBytes: firstFrame.bytes.toString('base64'), mimeType: firstFrame.mimeType } }
            : {}),
        },
        config: {
          numberOfVideos: 1,
          durationSeconds: request.durationSeconds,
          aspectRatio: request.aspectRatio,
          resolution: request.resolution,
          generateAudio: request.generateAudio,
          ...(request.negativePrompt ? { negativePrompt: request.negativePrompt } : {}),
          ...(options.outputGcsUri ? { outputGcsUri: options.outputGcsUri } : {}),
        },
      });
      if (!operation.name) throw new Error('Veo answered without an operation name');
      return operation.name;
    },

    async poll(operationName) {
      const model = /\/models\/([^/]+)\/operations\//.exec(operationName)?.[1] ?? '';
      const operation = new GenerateVideosOperation();
      operation.name = operationName;
      const current = await clientFor(model).operations.getVideosOperation({ operation });
      if (!current.done) return { done: false };
      if (current.error) {
        const message = String(current.error['message'] ?? 'Video generation failed.');
        return { done: true, kind: 'failed', message, blocked: blockedPrompt.test(message) };
      }
      const video = current.response?.generatedVideos?.[0]?.video;
      if (!video || (!video.videoBytes && !video.uri)) {
        return { done: true, kind: 'filtered', reasons: current.response?.raiMediaFilteredReasons ?? [] };
      }
      return {
        done: true,
        kind: 'video',
        bytes: video.videoBytes ? Buffer.from(video.videoBytes, 'base64') : undefined,
        uri: video.uri,
      };
    },
  };
}
