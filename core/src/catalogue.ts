import { z } from 'zod';
import { PhoenixError } from './errors.ts';
import {
  defaultImageModelId,
  imageModelIds,
  imageModels,
  imageSizes,
  isOffered,
  outputPrice,
  type AspectRatio,
  type ImageModel,
  type ImageModelId,
  type ImageModelStatus,
  type ImageSize,
  type OutputPrice,
} from './models.ts';
import {
  applyVideoModelUpdate,
  updateVideoModelRequestSchema,
  type UpdateVideoModelRequest,
  type VideoModelsConfig,
} from './video-catalogue.ts';
import { videoModelIds } from './video-models.ts';

/**
 * The live catalogue: core's models with an admin's edits (`config/models`)
 * laid over them. Only what an admin may change is stored; what a model can
 * make (sizes, ratios, endpoint) stays in code, where the adapters need it.
 */
export interface ModelOverride {
  enabled?: boolean;
  status?: ImageModelStatus;
  prices?: Partial<Record<ImageSize, OutputPrice>>;
}

export interface ModelsConfigDoc {
  overrides: Partial<Record<ImageModelId, ModelOverride>>;
  /** The model the create form starts on and a request without `model` gets; null means core's default. */
  defaultModelId: ImageModelId | null;
}

/** The whole `config/models` document: the image edits and, beside them, the video ones. */
export type StoredModelsConfig = Partial<ModelsConfigDoc> & VideoModelsConfig;

export interface Catalogue {
  models: ImageModel[];
  defaultModelId: ImageModelId;
}

export function catalogueFrom(config: Partial<ModelsConfigDoc> | undefined): Catalogue {
  const overrides = config?.overrides ?? {};
  const models = (imageModels as readonly ImageModel[]).map((model) => {
    const override = overrides[model.id as ImageModelId] ?? {};
    return {
      ...model,
      ...(override.enabled === undefined ? {} : { enabled: override.enabled }),
      ...(override.status === undefined ? {} : { status: override.status }),
      prices: { ...model.prices, ...override.prices },
    };
  });
  return { models, defaultModelId: config?.defaultModelId ?? defaultImageModelId };
}

/** Core's catalogue with no admin edits. */
export const baseCatalogue: Catalogue = catalogueFrom(undefined);

export function catalogueModel(catalogue: Catalogue, id: string): ImageModel | undefined {
  return catalogue.models.find((model) => model.id === id);
}

const priceSchema = z
  .object({
    tokensPerOutput: z
      .number('tokensPerOutput must be a number.')
      .int('tokensPerOutput must be a whole number.')
      .min(1, 'tokensPerOutput must be at least 1.')
      .max(1000, 'tokensPerOutput must be at most 1000.'),
    microUsdPerOutput: z
      .number('microUsdPerOutput must be a number.')
      .int('microUsdPerOutput must be whole micro-dollars.')
      .min(0, 'microUsdPerOutput cannot be negative.')
      .max(100_000_000, 'microUsdPerOutput must be at most 100,000,000 ($100).'),
  })
  .strict();

/**
 * Prices per image size, each optional. A strict object rather than a record:
 * a record skips an own `__proto__` key without a word, so a request holding
 * one would be taken as an empty edit instead of refused.
 */
const pricesBySize = z.strictObject(
  Object.fromEntries(imageSizes.map((size) => [size, priceSchema.optional()])) as Record<
    ImageSize,
    z.ZodOptional<typeof priceSchema>
  >,
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? 'prices: sizes are 1K, 2K or 4K.'
        : 'prices must map sizes (1K, 2K or 4K) to prices.',
  },
);

export const updateImageModelRequestSchema = z
  .object({
    id: z.enum(imageModelIds, 'id: pick one of the catalogue models.'),
    enabled: z.boolean('enabled must be true or false.').optional(),
    status: z.enum(['active', 'retired'], "status must be 'active' or 'retired'.").optional(),
    prices: pricesBySize.optional(),
    isDefault: z
      .literal(true, 'isDefault can only be set to true: make another model the default instead.')
      .optional(),
  })
  .strict();
export type UpdateImageModelRequest = z.output<typeof updateImageModelRequestSchema>;

/**
 * `updateModel({ id, enabled?, status?, prices?, isDefault? })`: the model's
 * `id` says whether it is an image or a video model, and so which prices it
 * takes (per image and size, or per second with and without audio).
 */
export const updateModelRequestSchema = z.discriminatedUnion(
  'id',
  [updateImageModelRequestSchema, updateVideoModelRequestSchema],
  'id: pick one of the catalogue models.',
);
export type UpdateModelRequest = z.output<typeof updateModelRequestSchema>;

export function isVideoModelUpdate(update: UpdateModelRequest): update is UpdateVideoModelRequest {
  return (videoModelIds as readonly string[]).includes(update.id);
}

/**
 * An admin's model edit applied to the stored config, refused (changing
 * nothing) when it would leave the catalogue unusable: a price for a size the
 * model does not make, a default that is not offered, or no model offered.
 */
export function applyModelUpdate(
  config: Partial<ModelsConfigDoc> | undefined,
  update: UpdateImageModelRequest,
): ModelsConfigDoc {
  const { id, isDefault, prices, ...flags } = update;
  const current: ModelsConfigDoc = {
    overrides: config?.overrides ?? {},
    defaultModelId: config?.defaultModelId ?? null,
  };
  const base = catalogueModel(baseCatalogue, id)!;
  for (const size of Object.keys(prices ?? {}) as ImageSize[]) {
    if (!base.imageSizes.includes(size)) {
      throw new PhoenixError(
        'invalid_argument',
        `prices: ${base.label} does not make ${size} images.`,
        'prices',
      );
    }
  }
  const previous = current.overrides[id] ?? {};
  const next: ModelsConfigDoc = {
    overrides: {
      ...current.overrides,
      [id]: { ...previous, ...flags, ...(prices ? { prices: { ...previous.prices, ...prices } } : {}) },
    },
    defaultModelId: isDefault ? id : current.defaultModelId,
  };
  const catalogue = catalogueFrom(next);
  const defaultModel = catalogueModel(catalogue, catalogue.defaultModelId)!;
  if (!isOffered(defaultModel)) {
    throw new PhoenixError(
      'invalid_argument',
      `${defaultModel.label} is the default model, so it must stay enabled and active. Make another model the default first.`,
      isDefault ? 'isDefault' : update.status ? 'status' : 'enabled',
    );
  }
  return next;
}

/**
 * `updateModel` applied to the whole stored document, refused (changing
 * nothing) by the edited kind's own rules. The other kind's edits are kept
 * as they were, so the result may replace the document.
 */
export function applyCatalogueUpdate(
  config: StoredModelsConfig | undefined,
  update: UpdateModelRequest,
): StoredModelsConfig {
  return {
    ...config,
    ...(isVideoModelUpdate(update)
      ? applyVideoModelUpdate(config, update)
      : applyModelUpdate(config, update)),
  };
}

/** Why `modelId` takes no new work in `catalogue`, or null when it does. */
export function modelOfferProblem(catalogue: Catalogue, modelId: string): string | null {
  const model = catalogueModel(catalogue, modelId);
  if (!model) return 'Pick one of the listed models.';
  if (model.status === 'retired') {
    return `${model.label} has been retired by Google and takes no new work. Pick one of the listed models.`;
  }
  return model.enabled ? null : `${model.label} is turned off right now. Pick another model.`;
}

/**
 * The model a job runs on while the budget is nearly spent: the cheapest
 * offered model that makes the asked ratio and size, when it is cheaper than
 * the asked one. Null keeps the asked model.
 */
export function degradedModel(
  catalogue: Catalogue,
  request: { model: string; aspectRatio: AspectRatio; imageSize: ImageSize },
): ImageModel | null {
  const asked = catalogueModel(catalogue, request.model);
  const askedPrice = asked && outputPrice(asked, request.imageSize);
  if (!askedPrice) return null;
  const cheapest = catalogue.models
    .filter((model) => isOffered(model) && model.aspectRatios.includes(request.aspectRatio))
    .flatMap((model) => {
      const price = outputPrice(model, request.imageSize);
      return price ? [{ model, price }] : [];
    })
    .sort((a, b) => a.price.microUsdPerOutput - b.price.microUsdPerOutput)[0];
  return cheapest && cheapest.price.microUsdPerOutput < askedPrice.microUsdPerOutput ? cheapest.model : null;
}

/**
 * A request that left `model` out gets the catalogue's default (an admin may
 * change it), when that model makes the asked ratio and size; otherwise the
 * schema's default stands.
 */
export function withCatalogueDefault<
  Request extends { model: ImageModelId; aspectRatio: AspectRatio; imageSize: ImageSize },
>(request: Request, modelGiven: boolean, catalogue: Catalogue): Request {
  if (modelGiven) return request;
  const model = catalogueModel(catalogue, catalogue.defaultModelId);
  const fits =
    model && model.aspectRatios.includes(request.aspectRatio) && model.imageSizes.includes(request.imageSize);
  return fits ? { ...request, model: catalogue.defaultModelId } : request;
}
