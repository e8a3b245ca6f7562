// Kept free of zod so pages that read the catalogue (the explore page among them) do not load its update schemas.
import {
  defaultImageModelId,
  imageModels,
  isOffered,
  outputPrice,
  type AspectRatio,
  type ImageModel,
  type ImageModelId,
  type ImageModelStatus,
  type ImageSize,
  type OutputPrice,
} from './models.ts';
import type { VideoModelsConfig } from './video-catalogue.ts';

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
