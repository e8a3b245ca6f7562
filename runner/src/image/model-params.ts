import type { GenerateContentParameters, GenerateImagesParameters } from '@google/genai';
import { imageModelById, type ImageRequest, type ImageSize } from '@phoenix/core';

/**
 * How a Phoenix image request becomes Vertex AI calls. Pure, so the mapping
 * is tested without a model.
 */

/**
 * The size to ask for, or nothing: a model that makes only 1K images gets
 * no size field, which it might refuse (Gemini 2.5 Flash Image predates it).
 */
function sizeField(params: ImageRequest): { imageSize: ImageSize } | Record<string, never> {
  const sizes = imageModelById(params.model)?.imageSizes ?? [];
  return sizes.some((size) => size !== '1K') ? { imageSize: params.imageSize } : {};
}

/**
 * Imagen takes every option natively, and up to 4 images in one `:predict`.
 * `numberOfImages` is how many are still missing, which a retry may make fewer than `count`.
 */
export function imagenRequest(params: ImageRequest, numberOfImages: number): GenerateImagesParameters {
  return {
    model: params.model,
    prompt: params.prompt,
    config: {
      numberOfImages,
      aspectRatio: params.aspectRatio,
      // The SDK sends it as `parameters.sampleImageSize`.
      ...sizeField(params),
      enhancePrompt: params.enhancePrompt,
      // Without it a filtered output just goes missing; with it the reason shows in the logs.
      includeRaiReason: true,
      ...(params.negativePrompt === undefined ? {} : { negativePrompt: params.negativePrompt }),
      // Imagen refuses a seed while its watermark is on (a watermark makes output non-reproducible).
      ...(params.seed === undefined ? {} : { seed: params.seed, addWatermark: false }),
    },
  };
}

/**
 * Gemini has no prompt enhancer of its own: with `enhancePrompt` this
 * instruction follows the prompt (the prompt leads, as the user wrote it), and
 * without it the prompt goes verbatim.
 */
export const geminiEnhanceInstruction =
  'Before drawing, enrich this description with specific, fitting details ' +
  '(subject, setting, lighting, composition, style) while keeping its intent.';

/** The text a Gemini image call sends. Gemini has no negative prompt field, so it becomes an instruction. */
export function geminiPromptText(params: ImageRequest): string {
  const parts = [params.enhancePrompt ? `${params.prompt}\n\n${geminiEnhanceInstruction}` : params.prompt];
  if (params.negativePrompt !== undefined) parts.push(`Avoid: ${params.negativePrompt}`);
  return parts.join('\n\n');
}

/**
 * Gemini's seed is a signed 32-bit integer while Phoenix seeds go up to 2³²−1:
 * `| 0` wraps the unsigned value onto the signed range one-to-one. Each
 * variation adds its index, so the n calls of one request differ but a
 * repeated request with the same seed repeats.
 */
export function geminiSeed(seed: number, outputIndex: number): number {
  return (seed + outputIndex) | 0;
}

/**
 * Gemini makes one image per call, so n variations are n calls; this is the
 * call for output `outputIndex` (0 … count − 1), so a retry can make only the
 * missing ones and each keeps the seed it would have had.
 */
export function geminiRequest(params: ImageRequest, outputIndex: number): GenerateContentParameters {
  return {
    model: params.model,
    contents: [{ role: 'user', parts: [{ text: geminiPromptText(params) }] }],
    config: {
      responseModalities: ['IMAGE'],
      imageConfig: { aspectRatio: params.aspectRatio, ...sizeField(params) },
      ...(params.seed === undefined ? {} : { seed: geminiSeed(params.seed, outputIndex) }),
    },
  };
}
