/**
 * The video model catalogue, as data. Veo bills per second of output, more
 * with audio than without; tokens follow USD at 3.3 US cents a token, as for
 * images, rounded to whole tokens per second. Prices are third-party readings
 * of Google's list price (checked 2026-11-30) and admin-editable through the
 * live catalogue, which lays `config/models` over these.
 */

export const videoDurationsSeconds = [4, 6, 8] as const;
export type VideoDurationSeconds = (typeof videoDurationsSeconds)[number];

export const videoAspectRatios = ['16:9', '9:16'] as const;
export type VideoAspectRatio = (typeof videoAspectRatios)[number];

export const videoResolutions = ['720p', '1080p'] as const;
export type VideoResolution = (typeof videoResolutions)[number];

export interface SecondPrice {
  /** What the user pays per second of output, in whole tokens. */
  tokensPerSecond: number;
  /** What Vertex AI bills per second of output, in micro-dollars. */
  microUsdPerSecond: number;
}

export interface VideoPrices {
  withAudio: SecondPrice;
  withoutAudio: SecondPrice;
}

export interface VideoModel {
  id: string;
  label: string;
  /** Veo is served regionally; the video worker calls each model at its own location. */
  location: string;
  status: 'active' | 'retired';
  enabled: boolean;
  durationsSeconds: readonly VideoDurationSeconds[];
  aspectRatios: readonly VideoAspectRatio[];
  resolutions: readonly VideoResolution[];
  prices: VideoPrices;
}

export const videoModels = [
  {
    id: 'veo-3.1-fast-generate-001',
    label: 'Veo 3.1 Fast',
    location: 'us-central1',
    status: 'active',
    enabled: true,
    durationsSeconds: videoDurationsSeconds,
    aspectRatios: videoAspectRatios,
    resolutions: videoResolutions,
    prices: {
      withAudio: { tokensPerSecond: 5, microUsdPerSecond: 150_000 },
      withoutAudio: { tokensPerSecond: 3, microUsdPerSecond: 100_000 },
    },
  },
  {
    id: 'veo-3.1-generate-001',
    label: 'Veo 3.1',
    location: 'us-central1',
    status: 'active',
    enabled: true,
    durationsSeconds: videoDurationsSeconds,
    aspectRatios: videoAspectRatios,
    resolutions: videoResolutions,
    prices: {
      withAudio: { tokensPerSecond: 12, microUsdPerSecond: 400_000 },
      withoutAudio: { tokensPerSecond: 6, microUsdPerSecond: 200_000 },
    },
  },
] as const satisfies readonly VideoModel[];

export type VideoModelId = (typeof videoModels)[number]['id'];

export const videoModelIds = videoModels.map((model) => model.id) as [VideoModelId, ...VideoModelId[]];

/** GA, and the cheaper of the two current Veo models. */
export const defaultVideoModelId: VideoModelId = 'veo-3.1-fast-generate-001';

export function videoModelById(id: string): VideoModel | undefined {
  return (videoModels as readonly VideoModel[]).find((model) => model.id === id);
}

export function videoModelLabel(id: string): string {
  return videoModelById(id)?.label ?? id;
}

/** The price of one second of `model`'s output, with or without audio. */
export function secondPrice(model: VideoModel, generateAudio: boolean): SecondPrice {
  return generateAudio ? model.prices.withAudio : model.prices.withoutAudio;
}
