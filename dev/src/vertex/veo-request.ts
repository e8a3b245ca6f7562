import { invalidArgument } from './errors.ts';
import {
  base64Field,
  booleanField,
  integerField,
  isObject,
  objectField,
  oneOf,
  stringField,
  storageUriField,
  type JsonObject,
} from './json-fields.ts';
import { isDecodableImage } from './render-image.ts';

export const VEO_DURATIONS_SECONDS: readonly number[] = [4, 6, 8];
export const VEO_ASPECT_RATIOS: readonly string[] = ['16:9', '9:16'];
const VEO_RESOLUTIONS = ['720p', '1080p', '4k'] as const;

/** The prompt as the fault decision should see it; lenient because validation comes later. */
export function veoPrompt(body: JsonObject): string {
  const instances = body['instances'];
  const first: unknown = Array.isArray(instances) ? instances[0] : undefined;
  return isObject(first) && typeof first['prompt'] === 'string' ? first['prompt'] : '';
}

/** A `:predictLongRunning` body, validated as Veo validates it. */
export interface VeoRequest {
  prompt: string;
  /** Decoded first frame for image-to-video. */
  image: Buffer | undefined;
  /** Everything else that should change the output but is not drawn (gcs URIs, last frame, video). */
  extraDigestParts: string[];
  durationSeconds: number;
  aspectRatio: string;
  sampleCount: number;
  seed: number | undefined;
  withAudio: boolean;
  storageUri: string | undefined;
}

function readMedia(
  instance: JsonObject,
  key: string,
): { bytes: Buffer | undefined; uri: string | undefined } {
  const media = objectField(instance, key, `instances[0].${key}`);
  if (!media) return { bytes: undefined, uri: undefined };
  const encoded = stringField(media, 'bytesBase64Encoded', `instances[0].${key}.bytesBase64Encoded`);
  const uri = stringField(media, 'gcsUri', `instances[0].${key}.gcsUri`);
  if (encoded === undefined && uri === undefined) {
    throw invalidArgument(
      `Invalid value at 'instances[0].${key}': one of bytesBase64Encoded or gcsUri is required.`,
    );
  }
  return {
    bytes: encoded === undefined ? undefined : base64Field(encoded, `instances[0].${key}.bytesBase64Encoded`),
    uri,
  };
}

export async function readVeoRequest(body: JsonObject): Promise<VeoRequest> {
  const instances = body['instances'];
  if (!Array.isArray(instances) || instances.length !== 1 || !isObject(instances[0])) {
    throw invalidArgument("Invalid value at 'instances': exactly one instance object is required.");
  }
  const instance = instances[0];
  const prompt = stringField(instance, 'prompt', 'instances[0].prompt') ?? '';
  const image = readMedia(instance, 'image');
  const lastFrame = readMedia(instance, 'lastFrame');
  const video = readMedia(instance, 'video');
  if (prompt.trim() === '' && !image.bytes && !image.uri) {
    throw invalidArgument('Video generation failed: a text prompt or an input image is required.');
  }
  for (const [key, media] of [
    ['image', image],
    ['lastFrame', lastFrame],
  ] as const) {
    if (media.bytes && !(await isDecodableImage(media.bytes))) {
      throw invalidArgument(
        `Invalid value at 'instances[0].${key}.bytesBase64Encoded': not a supported image.`,
      );
    }
  }
  const parameters = objectField(body, 'parameters', 'parameters') ?? {};
  const durationSeconds =
    integerField(parameters, 'durationSeconds', 'parameters.durationSeconds', { min: 1, max: 60 }) ?? 8;
  if (!VEO_DURATIONS_SECONDS.includes(durationSeconds)) {
    throw invalidArgument(
      `Unsupported value for 'parameters.durationSeconds': ${durationSeconds}. Supported durations: ${VEO_DURATIONS_SECONDS.join(', ')} seconds.`,
    );
  }
  oneOf(
    stringField(parameters, 'resolution', 'parameters.resolution'),
    VEO_RESOLUTIONS,
    'parameters.resolution',
  );
  const storageUri = storageUriField(parameters);
  return {
    prompt,
    image: image.bytes,
    extraDigestParts: [
      image.uri ?? '',
      lastFrame.uri ?? lastFrame.bytes?.toString('base64') ?? '',
      video.uri ?? video.bytes?.toString('base64') ?? '',
      stringField(parameters, 'negativePrompt', 'parameters.negativePrompt') ?? '',
    ],
    durationSeconds,
    aspectRatio:
      oneOf(
        stringField(parameters, 'aspectRatio', 'parameters.aspectRatio'),
        VEO_ASPECT_RATIOS,
        'parameters.aspectRatio',
      ) ?? '16:9',
    sampleCount: integerField(parameters, 'sampleCount', 'parameters.sampleCount', { min: 1, max: 4 }) ?? 1,
    seed: integerField(parameters, 'seed', 'parameters.seed', { min: 0, max: 4294967295 }),
    withAudio: booleanField(parameters, 'generateAudio', 'parameters.generateAudio') ?? false,
    storageUri,
  };
}
