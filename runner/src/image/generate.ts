import { ApiError, type GenerateContentResponse, type GoogleGenAI } from '@google/genai';
import { imageModelById, type ImageRequest } from '@phoenix/core';
import { geminiRequests, imagenRequest } from './model-params.ts';

/** What one request to the model brought back. */
export interface GeneratedImages {
  /** The images that came back, as encoded bytes (PNG from both model kinds). */
  images: Buffer[];
  /**
   * Set when the input filter refused the prompt outright. Gemini says so in a
   * 200 answer; Imagen answers 400, which surfaces as a {@link ModelCallError}.
   */
  promptBlockedReason: string | null;
  /** Why outputs were filtered, as far as the model said. */
  filteredReasons: string[];
}

/** The model call failed. `status` is the HTTP status, undefined when no answer came. */
export class ModelCallError extends Error {
  readonly status: number | undefined;

  constructor(status: number | undefined, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelCallError';
    this.status = status;
  }
}

export interface ImageGenerator {
  generate(params: ImageRequest): Promise<GeneratedImages>;
}

/** Calls Imagen or the Gemini image model, whichever the request's model is. */
export function createImageGenerator(ai: GoogleGenAI): ImageGenerator {
  return {
    async generate(params) {
      const model = imageModelById(params.model);
      if (!model) throw new ModelCallError(404, `Unknown image model ${params.model}`);
      try {
        return model.kind === 'imagen'
          ? await generateWithImagen(ai, params)
          : await generateWithGemini(ai, params);
      } catch (error) {
        if (error instanceof ModelCallError) throw error;
        if (error instanceof ApiError)
          throw new ModelCallError(error.status, error.message, { cause: error });
        // fetch failures (refused, reset, DNS) carry no status: the classifier retries them.
        throw new ModelCallError(undefined, error instanceof Error ? error.message : String(error), {
          cause: error,
        });
      }
    },
  };
}

async function generateWithImagen(ai: GoogleGenAI, params: ImageRequest): Promise<GeneratedImages> {
  const response = await ai.models.generateImages(imagenRequest(params));
  const images: Buffer[] = [];
  const filteredReasons: string[] = [];
  for (const generated of response.generatedImages ?? []) {
    const bytes = generated.image?.imageBytes;
    if (bytes) images.push(Buffer.from(bytes, 'base64'));
    else if (generated.raiFilteredReason) filteredReasons.push(generated.raiFilteredReason);
  }
  return { images, promptBlockedReason: null, filteredReasons };
}

async function generateWithGemini(ai: GoogleGenAI, params: ImageRequest): Promise<GeneratedImages> {
  const responses = await Promise.all(
    geminiRequests(params).map((request) => ai.models.generateContent(request)),
  );
  const images: Buffer[] = [];
  const filteredReasons: string[] = [];
  let promptBlockedReason: string | null = null;
  for (const response of responses) {
    const blockReason = response.promptFeedback?.blockReason;
    if (blockReason) {
      promptBlockedReason = response.promptFeedback?.blockReasonMessage ?? String(blockReason);
      continue;
    }
    const image = inlineImage(response);
    if (image) images.push(image);
    // No image means the output filter took it (finishReason IMAGE_SAFETY and kin).
    else filteredReasons.push(response.candidates?.[0]?.finishReason ?? 'NO_IMAGE');
  }
  return { images, promptBlockedReason, filteredReasons };
}

function inlineImage(response: GenerateContentResponse): Buffer | undefined {
  for (const part of response.candidates?.[0]?.content?.parts ?? []) {
    const data = part.inlineData?.data;
    if (data && part.inlineData?.mimeType?.startsWith('image/')) return Buffer.from(data, 'base64');
  }
  return undefined;
}
