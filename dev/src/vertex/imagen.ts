import type { ModelCall, RenderSettings } from './context.ts';
import { digestOf, seedKey } from './determinism.ts';
import {
  GoogleApiError,
  IMAGEN_BLOCKED_PROMPT_MESSAGE,
  imagenFilteredReason,
  invalidArgument,
} from './errors.ts';
import {
  booleanField,
  integerField,
  isObject,
  objectField,
  oneOf,
  stringField,
  storageUriField,
  type JsonObject,
} from './json-fields.ts';
import type { ImageSize, KnownModel } from './models.ts';
import { IMAGEN_ASPECT_RATIOS, imageDimensions, renderImage, type ImageFormat } from './render-image.ts';

/** The prompt as the fault decision should see it; lenient because validation comes later. */
export function imagenPrompt(body: JsonObject): string {
  const instances = body['instances'];
  const first: unknown = Array.isArray(instances) ? instances[0] : undefined;
  return isObject(first) && typeof first['prompt'] === 'string' ? first['prompt'] : '';
}

interface ImagenParameters {
  prompt: string;
  sampleCount: number;
  aspectRatio: string;
  imageSize: ImageSize;
  seed: number | undefined;
  mimeType: ImageFormat;
  quality: number;
  negativePrompt: string | undefined;
  includeRaiReason: boolean;
  enhancePrompt: boolean;
  storageUri: string | undefined;
}

function readParameters(body: JsonObject, model: KnownModel): ImagenParameters {
  const instances = body['instances'];
  if (!Array.isArray(instances) || instances.length === 0) {
    throw invalidArgument("Invalid value at 'instances': at least one instance is required.");
  }
  if (instances.length > 1) throw invalidArgument('Only one instance is supported per request.');
  const instance = instances[0];
  if (!isObject(instance)) throw invalidArgument("Invalid value at 'instances[0]': expected an object.");
  const prompt = stringField(instance, 'prompt', 'instances[0].prompt');
  if (prompt === undefined || prompt.trim() === '') {
    throw invalidArgument('Image generation failed with the following error: The prompt is empty.');
  }
  const parameters = objectField(body, 'parameters', 'parameters') ?? {};
  const outputOptions = objectField(parameters, 'outputOptions', 'parameters.outputOptions');
  const seed = integerField(parameters, 'seed', 'parameters.seed', { min: 0, max: 4294967295 });
  // Imagen watermarks by default, and a watermark makes seeds meaningless.
  if (seed !== undefined && booleanField(parameters, 'addWatermark', 'parameters.addWatermark') !== false) {
    throw invalidArgument(
      'Image generation failed with the following error: Seed is not supported when watermark is enabled.',
    );
  }
  const storageUri = storageUriField(parameters);
  return {
    prompt,
    // Vertex documents 4 as the default sample count for Imagen.
    sampleCount: integerField(parameters, 'sampleCount', 'parameters.sampleCount', { min: 1, max: 4 }) ?? 4,
    aspectRatio:
      oneOf(
        stringField(parameters, 'aspectRatio', 'parameters.aspectRatio'),
        IMAGEN_ASPECT_RATIOS,
        'parameters.aspectRatio',
      ) ?? '1:1',
    // Unset means 1K; Imagen 4 Fast makes 1K only.
    imageSize:
      oneOf(
        stringField(parameters, 'sampleImageSize', 'parameters.sampleImageSize'),
        model.imageSizes,
        'parameters.sampleImageSize',
      ) ?? '1K',
    seed,
    mimeType:
      oneOf(
        stringField(outputOptions, 'mimeType', 'parameters.outputOptions.mimeType'),
        ['image/png', 'image/jpeg'] as const,
        'parameters.outputOptions.mimeType',
      ) ?? 'image/png',
    quality:
      integerField(outputOptions, 'compressionQuality', 'parameters.outputOptions.compressionQuality', {
        min: 0,
        max: 100,
      }) ?? 75,
    negativePrompt: stringField(parameters, 'negativePrompt', 'parameters.negativePrompt'),
    includeRaiReason: booleanField(parameters, 'includeRaiReason', 'parameters.includeRaiReason') ?? false,
    enhancePrompt: booleanField(parameters, 'enhancePrompt', 'parameters.enhancePrompt') ?? false,
    storageUri,
  };
}

/** Answers `:predict` for the Imagen models. */
export async function imagenPredict(call: ModelCall, render: RenderSettings): Promise<JsonObject> {
  const params = readParameters(call.body, call.model);
  if (call.fault.blocked) throw new GoogleApiError(400, IMAGEN_BLOCKED_PROMPT_MESSAGE);

  const { width, height } = imageDimensions(params.aspectRatio, params.imageSize, render.imageLongSidePx);
  const seed = seedKey(params.seed);
  const delivered = Math.max(0, params.sampleCount - call.fault.filterCount);
  const predictions: JsonObject[] = [];
  for (let index = 0; index < delivered; index++) {
    const digest = digestOf([
      'imagen',
      call.route.model,
      params.prompt,
      params.negativePrompt,
      seed,
      index,
      width,
      height,
    ]);
    const bytes = await renderImage(
      { digest, width, height, prompt: params.prompt, caption: `${call.route.model} · ${seed} · #${index}` },
      params.mimeType,
      params.quality,
    );
    const prediction: JsonObject = params.storageUri
      ? {
          gcsUri: `${params.storageUri.replace(/\/+$/, '')}/${digest.toString('hex').slice(0, 16)}/sample_${index}.${params.mimeType === 'image/png' ? 'png' : 'jpg'}`,
        }
      : { bytesBase64Encoded: bytes.toString('base64') };
    prediction['mimeType'] = params.mimeType;
    if (params.enhancePrompt) prediction['prompt'] = `${params.prompt}, highly detailed, natural light`;
    predictions.push(prediction);
  }
  const filtered = params.sampleCount - delivered;
  if (filtered > 0 && params.includeRaiReason)
    predictions.push({ raiFilteredReason: imagenFilteredReason(filtered) });
  // With every output filtered and no reason asked for, Vertex answers an empty object.
  return predictions.length > 0 ? { predictions } : {};
}
