import { randomBytes } from 'node:crypto';
import type { ModelCall, RenderSettings } from './context.ts';
import { digestOf, seedKey } from './determinism.ts';
import { invalidArgument } from './errors.ts';
import {
  base64Field,
  integerField,
  isObject,
  objectField,
  oneOf,
  stringField,
  type JsonObject,
} from './json-fields.ts';
import {
  GEMINI_ASPECT_RATIOS,
  imageDimensions,
  isDecodableImage,
  renderImage,
  type ImageFormat,
} from './render-image.ts';
import type { ImageSize } from './models.ts';

/** Tokens a Gemini 3 image model bills per output image, by size. */
const IMAGE_OUTPUT_TOKENS: Readonly<Record<ImageSize, number>> = { '1K': 1120, '2K': 1680, '4K': 2520 };
/** Gemini 2.5 Flash Image makes 1K only and bills a flat count per image. */
const FLASH_25_IMAGE_OUTPUT_TOKENS = 1290;
/** Tokens Gemini bills for one input image. */
const IMAGE_INPUT_TOKENS = 258;

interface PromptParts {
  text: string;
  images: Buffer[];
}

function userParts(body: JsonObject): unknown[] {
  const contents = body['contents'];
  if (!Array.isArray(contents)) return [];
  return contents.flatMap((content: unknown) =>
    isObject(content) && content['role'] !== 'model' && Array.isArray(content['parts'])
      ? content['parts']
      : [],
  );
}

/** The prompt text as the fault decision should see it; lenient because validation comes later. */
export function geminiPrompt(body: JsonObject): string {
  return userParts(body)
    .flatMap((part) => (isObject(part) && typeof part['text'] === 'string' ? [part['text']] : []))
    .join('\n');
}

function readPrompt(body: JsonObject): PromptParts {
  const contents = body['contents'];
  if (!Array.isArray(contents) || contents.length === 0) {
    throw invalidArgument(
      'Unable to submit request because it has an empty contents field. Add at least one content.',
    );
  }
  const texts: string[] = [];
  const images: Buffer[] = [];
  userParts(body).forEach((part, index) => {
    if (!isObject(part))
      throw invalidArgument(`Invalid value at 'contents.parts[${index}]': expected an object.`);
    const text = stringField(part, 'text', `contents.parts[${index}].text`);
    if (text !== undefined) texts.push(text);
    const inline = objectField(part, 'inlineData', `contents.parts[${index}].inlineData`);
    if (inline) {
      const data = stringField(inline, 'data', `contents.parts[${index}].inlineData.data`) ?? '';
      images.push(base64Field(data, `contents.parts[${index}].inlineData.data`));
    }
  });
  if (texts.join('').trim() === '' && images.length === 0) {
    throw invalidArgument(
      'Unable to submit request because it must have a text parameter. Add a text parameter and try again.',
    );
  }
  return { text: texts.join('\n'), images };
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function envelope(call: ModelCall): JsonObject {
  return {
    modelVersion: call.route.model,
    createTime: new Date().toISOString(),
    responseId: randomBytes(12).toString('base64url'),
  };
}

/** Answers `:generateContent` for the Gemini image model: one image per call, like the live model. */
export async function geminiGenerateContent(call: ModelCall, render: RenderSettings): Promise<JsonObject> {
  const prompt = readPrompt(call.body);
  for (const [index, image] of prompt.images.entries()) {
    if (!(await isDecodableImage(image))) {
      throw invalidArgument(
        `Unable to process input image ${index}: the inline data is not a supported image.`,
      );
    }
  }
  const config = objectField(call.body, 'generationConfig', 'generationConfig') ?? {};
  const candidateCount = integerField(config, 'candidateCount', 'generationConfig.candidateCount', {
    min: 1,
    max: 8,
  });
  if (candidateCount !== undefined && candidateCount > 1) {
    throw invalidArgument(`Multiple candidates is not enabled for models/${call.route.model}.`);
  }
  const rawModalities = config['responseModalities'];
  if (
    rawModalities !== undefined &&
    !(Array.isArray(rawModalities) && rawModalities.every((m) => typeof m === 'string'))
  ) {
    throw invalidArgument(
      "Invalid value at 'generationConfig.responseModalities': expected a list of modalities.",
    );
  }
  // Unset means the model's default, which for this model is text and image.
  const modalities = ((rawModalities as string[] | undefined) ?? ['TEXT', 'IMAGE']).map((m) =>
    m.toUpperCase(),
  );
  const imageConfig = objectField(config, 'imageConfig', 'generationConfig.imageConfig');
  const outputOptions = imageConfig
    ? objectField(imageConfig, 'imageOutputOptions', 'generationConfig.imageConfig.imageOutputOptions')
    : undefined;
  const aspectRatio =
    oneOf(
      stringField(imageConfig, 'aspectRatio', 'generationConfig.imageConfig.aspectRatio'),
      GEMINI_ASPECT_RATIOS,
      'generationConfig.imageConfig.aspectRatio',
    ) ?? '1:1';
  // Unset means 1K, as on the live models; a size the model does not make is refused.
  const imageSize: ImageSize =
    oneOf(
      stringField(imageConfig, 'imageSize', 'generationConfig.imageConfig.imageSize'),
      call.model.imageSizes,
      'generationConfig.imageConfig.imageSize',
    ) ?? '1K';
  const outputTokens =
    call.route.model === 'gemini-2.5-flash-image'
      ? FLASH_25_IMAGE_OUTPUT_TOKENS
      : IMAGE_OUTPUT_TOKENS[imageSize];
  const mimeType: ImageFormat =
    oneOf(
      stringField(outputOptions, 'mimeType', 'generationConfig.imageConfig.imageOutputOptions.mimeType'),
      ['image/png', 'image/jpeg'] as const,
      'generationConfig.imageConfig.imageOutputOptions.mimeType',
    ) ?? 'image/png';
  const quality =
    integerField(
      outputOptions,
      'compressionQuality',
      'generationConfig.imageConfig.imageOutputOptions.compressionQuality',
      { min: 0, max: 100 },
    ) ?? 75;
  const seed = seedKey(
    integerField(config, 'seed', 'generationConfig.seed', { min: -2147483648, max: 2147483647 }),
  );

  const promptTokenCount = estimateTokens(prompt.text) + prompt.images.length * IMAGE_INPUT_TOKENS;
  if (call.fault.blocked) {
    return {
      promptFeedback: {
        blockReason: 'PROHIBITED_CONTENT',
        blockReasonMessage: 'The prompt was blocked because it contains prohibited content.',
      },
      usageMetadata: { promptTokenCount, totalTokenCount: promptTokenCount, trafficType: 'ON_DEMAND' },
      ...envelope(call),
    };
  }
  const wantsImage = modalities.includes('IMAGE');
  if (wantsImage && call.fault.filterCount > 0) {
    return {
      candidates: [
        {
          finishReason: 'IMAGE_SAFETY',
          finishMessage:
            "Unable to show the generated image. The image was filtered out because it violated Google's Generative AI Prohibited Use policy. You will not be charged for blocked images. Try rephrasing the prompt. If you think this was an error, send feedback.",
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount,
        candidatesTokenCount: 0,
        totalTokenCount: promptTokenCount,
        trafficType: 'ON_DEMAND',
      },
      ...envelope(call),
    };
  }

  const parts: JsonObject[] = [];
  let candidatesTokenCount = 0;
  if (modalities.includes('TEXT')) {
    const text = `Here is an image of ${prompt.text.trim() || 'your picture'}.`;
    parts.push({ text });
    candidatesTokenCount += estimateTokens(text);
  }
  if (wantsImage) {
    const { width, height } = imageDimensions(aspectRatio, imageSize, render.imageLongSidePx);
    const digest = digestOf(['gemini', call.route.model, prompt.text, seed, width, height, ...prompt.images]);
    const bytes = await renderImage(
      {
        digest,
        width,
        height,
        prompt: prompt.text,
        caption: `${call.route.model} · ${seed}`,
        baseImage: prompt.images.at(-1),
      },
      mimeType,
      quality,
    );
    parts.push({ inlineData: { mimeType, data: bytes.toString('base64') } });
    candidatesTokenCount += outputTokens;
  }
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount,
      candidatesTokenCount,
      totalTokenCount: promptTokenCount + candidatesTokenCount,
      trafficType: 'ON_DEMAND',
      promptTokensDetails: [
        { modality: 'TEXT', tokenCount: estimateTokens(prompt.text) },
        ...(prompt.images.length > 0
          ? [{ modality: 'IMAGE', tokenCount: prompt.images.length * IMAGE_INPUT_TOKENS }]
          : []),
      ],
      candidatesTokensDetails: wantsImage ? [{ modality: 'IMAGE', tokenCount: outputTokens }] : [],
    },
    ...envelope(call),
  };
}
