import { z } from 'zod';
import { PhoenixError } from './errors.ts';
import {
  baseCatalogue,
  catalogueFrom,
  catalogueModel,
  type ModelsConfigDoc,
  type StoredModelsConfig,
} from './live-catalogue.ts';
import { imageModelIds, imageSizes, isOffered, type ImageSize } from './models.ts';
import {
  applyVideoModelUpdate,
  updateVideoModelRequestSchema,
  type UpdateVideoModelRequest,
} from './video-catalogue.ts';
import { videoModelIds } from './video-models.ts';

export {
  baseCatalogue,
  catalogueFrom,
  catalogueModel,
  degradedModel,
  modelOfferProblem,
  withCatalogueDefault,
  type Catalogue,
  type ModelOverride,
  type ModelsConfigDoc,
  type StoredModelsConfig,
} from './live-catalogue.ts';

// An admin's edits of the catalogue (`updateModel`): what a request may hold and how it applies.

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
