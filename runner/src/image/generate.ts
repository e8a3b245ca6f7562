import { ApiError, type GenerateContentResponse, type GoogleGenAI } from '@google/genai';
import { imageModelById, modelCallTimeoutMs, type ImageRequest } from '@phoenix/core';
import { geminiRequest, imagenRequest } from './model-params.ts';

/** What became of one requested output. Every output settles on its own. */
export type OutputResult =
  | { index: number; kind: 'image'; bytes: Buffer }
  /** The output filter removed it (Imagen's RAI filter, Gemini's IMAGE_SAFETY and kin). */
  | { index: number; kind: 'filtered'; reason: string }
  /** The input filter refused the prompt outright: no call for this prompt can succeed. */
  | { index: number; kind: 'blocked'; reason: string }
  | { index: number; kind: 'failed'; error: ModelCallError };

/** The model call failed. `status` is the HTTP status, undefined when no answer came (or it timed out). */
export class ModelCallError extends Error {
  readonly status: number | undefined;

  constructor(status: number | undefined, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelCallError';
    this.status = status;
  }
}

export interface GenerateOptions {
  /** Aborts every call still running (the delivery's budget ran out, it lost its lease, or the instance drains). */
  signal: AbortSignal;
  /** One call's limit, in ms. Default core's `modelCallTimeoutMs`. */
  callTimeoutMs?: number;
}

export interface ImageGenerator {
  /**
   * Makes the outputs at `indexes` of the request. One promise per index, in
   * that order, each resolving (never rejecting) as soon as its output is
   * known, so the caller stores each paid-for image without waiting for the
   * rest, and a failed call costs only its own output.
   */
  generate(
    params: ImageRequest,
    indexes: readonly number[],
    options: GenerateOptions,
  ): Promise<OutputResult>[];
}

/** Picks the Vertex AI client for a location: Gemini 3 image models exist only at `global`. */
export type VertexClientFor = (location: string) => GoogleGenAI;

/** Calls Imagen or a Gemini image model, whichever the request's model is, at the model's own location. */
export function createImageGenerator(clientFor: VertexClientFor): ImageGenerator {
  return {
    generate(params, indexes, options) {
      const model = imageModelById(params.model);
      if (!model) {
        const error = new ModelCallError(404, `Unknown image model ${params.model}`);
        return indexes.map(async (index): Promise<OutputResult> => ({ index, kind: 'failed', error }));
      }
      const signal = AbortSignal.any([
        options.signal,
        AbortSignal.timeout(options.callTimeoutMs ?? modelCallTimeoutMs),
      ]);
      const ai = clientFor(model.location);
      return model.kind === 'imagen'
        ? generateWithImagen(ai, params, indexes, signal)
        : indexes.map((index) => generateOneWithGemini(ai, params, index, signal));
    },
  };
}

/** Imagen makes every missing output in one `:predict`; filtered ones simply do not come back. */
function generateWithImagen(
  ai: GoogleGenAI,
  params: ImageRequest,
  indexes: readonly number[],
  abortSignal: AbortSignal,
): Promise<OutputResult>[] {
  const request = imagenRequest(params, indexes.length);
  const call = ai.models.generateImages({ ...request, config: { ...request.config, abortSignal } });
  const answered = call.then(
    (response) => {
      const images: Buffer[] = [];
      const reasons: string[] = [];
      for (const generated of response.generatedImages ?? []) {
        const bytes = generated.image?.imageBytes;
        if (bytes) images.push(Buffer.from(bytes, 'base64'));
        else if (generated.raiFilteredReason) reasons.push(generated.raiFilteredReason);
      }
      return indexes.map((index, position): OutputResult => {
        const bytes = images[position];
        if (bytes) return { index, kind: 'image', bytes };
        return { index, kind: 'filtered', reason: reasons[position - images.length] ?? 'RAI_FILTERED' };
      });
    },
    (error: unknown) =>
      indexes.map((index): OutputResult => ({ index, kind: 'failed', error: asModelCallError(error) })),
  );
  return indexes.map((_, position) => answered.then((results) => results[position]!));
}

async function generateOneWithGemini(
  ai: GoogleGenAI,
  params: ImageRequest,
  index: number,
  abortSignal: AbortSignal,
): Promise<OutputResult> {
  const request = geminiRequest(params, index);
  let response: GenerateContentResponse;
  try {
    response = await ai.models.generateContent({ ...request, config: { ...request.config, abortSignal } });
  } catch (error) {
    return { index, kind: 'failed', error: asModelCallError(error) };
  }
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) {
    return {
      index,
      kind: 'blocked',
      reason: response.promptFeedback?.blockReasonMessage ?? String(blockReason),
    };
  }
  const bytes = inlineImage(response);
  if (bytes) return { index, kind: 'image', bytes };
  // No image means the output filter took it (finishReason IMAGE_SAFETY and kin).
  return { index, kind: 'filtered', reason: response.candidates?.[0]?.finishReason ?? 'NO_IMAGE' };
}

function asModelCallError(error: unknown): ModelCallError {
  if (error instanceof ModelCallError) return error;
  if (error instanceof ApiError) return new ModelCallError(error.status, error.message, { cause: error });
  // Aborts (timeout, lost lease, drain) and fetch failures carry no status: the classifier retries them.
  return new ModelCallError(undefined, error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

function inlineImage(response: GenerateContentResponse): Buffer | undefined {
  for (const part of response.candidates?.[0]?.content?.parts ?? []) {
    const data = part.inlineData?.data;
    if (data && part.inlineData?.mimeType?.startsWith('image/')) return Buffer.from(data, 'base64');
  }
  return undefined;
}
