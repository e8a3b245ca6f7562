// The image request's plain rules, kept free of zod so the explore page can use them without the schemas.
import {
  defaultImageModelId,
  type AspectRatio,
  type ImageModel,
  type ImageModelId,
  type ImageSize,
} from './models.ts';

export const imageRequestLimits = {
  promptMaxChars: 2000,
  negativePromptMaxChars: 1000,
  maxCount: 4,
  maxSeed: 4_294_967_295,
} as const;

/** What the create form starts with, and what a field left out of a request means. */
export const imageRequestDefaults = {
  aspectRatio: '1:1',
  count: 2,
  model: defaultImageModelId,
  enhancePrompt: true,
  imageSize: '1K',
} as const satisfies {
  aspectRatio: AspectRatio;
  count: number;
  model: ImageModelId;
  enhancePrompt: boolean;
  imageSize: ImageSize;
};

/** "a", "a or b", "a, b or c": how a message lists what a model makes. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * Why `model` cannot make an image of this ratio and size, naming the field
 * at fault, or null when it can. The schema and the create form share it.
 */
export function modelFitProblem(
  model: ImageModel,
  aspectRatio: AspectRatio,
  imageSize: ImageSize,
): { field: 'aspectRatio' | 'imageSize'; message: string } | null {
  if (!model.aspectRatios.includes(aspectRatio)) {
    return {
      field: 'aspectRatio',
      message: `${model.label} makes ${orList(model.aspectRatios)} images only.`,
    };
  }
  if (!model.imageSizes.includes(imageSize)) {
    return { field: 'imageSize', message: `${model.label} makes ${orList(model.imageSizes)} images only.` };
  }
  return null;
}
