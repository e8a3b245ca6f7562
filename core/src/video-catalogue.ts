import { z } from 'zod';
import { PhoenixError } from './errors.ts';
import type { Quote } from './pricing.ts';
import type { VideoRequest } from './video-request.ts';
import {
  secondPrice,
  videoModelIds,
  videoModels,
  type VideoModel,
  type VideoModelId,
  type VideoPrices,
} from './video-models.ts';

/** An admin's edit of a video model; what a model can make stays in code. */
export interface VideoModelOverride {
  enabled?: boolean;
  status?: 'active' | 'retired';
  prices?: Partial<VideoPrices>;
}

/** Stored beside the image overrides in `config/models`. */
export interface VideoModelsConfig {
  videoOverrides?: Partial<Record<VideoModelId, VideoModelOverride>>;
}

export interface VideoCatalogue {
  models: VideoModel[];
}

export function videoCatalogueFrom(config: VideoModelsConfig | undefined): VideoCatalogue {
  const overrides = config?.videoOverrides ?? {};
  return {
    models: (videoModels as readonly VideoModel[]).map((model) => {
      const override = overrides[model.id as VideoModelId] ?? {};
      return {
        ...model,
        ...(override.enabled === undefined ? {} : { enabled: override.enabled }),
        ...(override.status === undefined ? {} : { status: override.status }),
        prices: { ...model.prices, ...override.prices },
      };
    }),
  };
}

export const baseVideoCatalogue: VideoCatalogue = videoCatalogueFrom(undefined);

/** The models the video form lists: active and enabled, in catalogue order. */
export function offeredVideoModels(catalogue: VideoCatalogue = baseVideoCatalogue): VideoModel[] {
  return catalogue.models.filter((model) => model.status === 'active' && model.enabled);
}

/**
 * The price of a video job: the model's price per second (with or without
 * audio) times the length. A model that is retired or turned off takes no
 * new work, and the refusal names the model field.
 */
export function quoteVideoJob(
  request: Pick<VideoRequest, 'model' | 'durationSeconds' | 'generateAudio'>,
  catalogue: VideoCatalogue = baseVideoCatalogue,
): Quote {
  const model = catalogue.models.find((candidate) => candidate.id === request.model);
  if (!model)
    throw new PhoenixError('invalid_argument', 'model: Pick one of the listed video models.', 'model');
  if (model.status === 'retired' || !model.enabled) {
    throw new PhoenixError(
      'invalid_argument',
      `model: ${model.label} takes no new work right now. Pick another video model.`,
      'model',
    );
  }
  const price = secondPrice(model, request.generateAudio);
  return {
    tokens: price.tokensPerSecond * request.durationSeconds,
    microUsd: price.microUsdPerSecond * request.durationSeconds,
  };
}

const secondPriceSchema = z
  .object({
    tokensPerSecond: z
      .number('tokensPerSecond must be a number.')
      .int('tokensPerSecond must be a whole number.')
      .min(1, 'tokensPerSecond must be at least 1.')
      .max(1000, 'tokensPerSecond must be at most 1000.'),
    microUsdPerSecond: z
      .number('microUsdPerSecond must be a number.')
      .int('microUsdPerSecond must be whole micro-dollars.')
      .min(0, 'microUsdPerSecond cannot be negative.')
      .max(100_000_000, 'microUsdPerSecond must be at most 100,000,000 ($100).'),
  })
  .strict();

/**
 * `updateModel` for a video model: the same switches, prices per second with
 * and without audio. No `isDefault`: the video form starts on core's default,
 * so an admin steers it by turning models off instead.
 */
export const updateVideoModelRequestSchema = z
  .object({
    id: z.enum(videoModelIds, 'id: pick one of the catalogue models.'),
    enabled: z.boolean('enabled must be true or false.').optional(),
    status: z.enum(['active', 'retired'], "status must be 'active' or 'retired'.").optional(),
    prices: z
      .object(
        { withAudio: secondPriceSchema.optional(), withoutAudio: secondPriceSchema.optional() },
        'prices must give withAudio and/or withoutAudio.',
      )
      .strict()
      .optional(),
    // Named here rather than left to `.strict()`, so the refusal points at the field.
    isDefault: z.never('only an image model can be made the default; the video default is fixed.').optional(),
  })
  .strict();
export type UpdateVideoModelRequest = z.output<typeof updateVideoModelRequestSchema>;

/** An admin's video model edit applied to the stored config; at least one video model stays offered. */
export function applyVideoModelUpdate(
  config: VideoModelsConfig | undefined,
  update: UpdateVideoModelRequest,
): Required<VideoModelsConfig> {
  const { id, prices, enabled, status } = update;
  const flags = {
    ...(enabled === undefined ? {} : { enabled }),
    ...(status === undefined ? {} : { status }),
  };
  const overrides = config?.videoOverrides ?? {};
  const previous = overrides[id] ?? {};
  const next = {
    videoOverrides: {
      ...overrides,
      [id]: { ...previous, ...flags, ...(prices ? { prices: { ...previous.prices, ...prices } } : {}) },
    },
  };
  if (offeredVideoModels(videoCatalogueFrom(next)).length === 0) {
    throw new PhoenixError(
      'invalid_argument',
      'At least one video model must stay enabled and active.',
      update.status ? 'status' : 'enabled',
    );
  }
  return next;
}
