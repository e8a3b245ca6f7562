/**
 * The image model catalogue, as data. `kind` says which Vertex AI method a
 * model speaks; `location` is where Vertex serves it. Prices are per output
 * and per size: tokens are what the user pays, micro-USD what Vertex AI
 * charges us (third-party readings of Google's list price, checked
 * 2026-11-30), used for budgets. The admin-editable catalogue will carry the
 * same fields.
 */

/** Every aspect ratio any model takes, widest vocabulary first listed by Gemini. */
export const aspectRatios = [
  '1:1',
  '3:2',
  '2:3',
  '3:4',
  '4:3',
  '4:5',
  '5:4',
  '9:16',
  '16:9',
  '21:9',
] as const;
export type AspectRatio = (typeof aspectRatios)[number];

/** Output sizes by their long side: 1K is 1024 px, 2K 2048 px, 4K 4096 px. */
export const imageSizes = ['1K', '2K', '4K'] as const;
export type ImageSize = (typeof imageSizes)[number];

export type ImageModelKind = 'imagen' | 'gemini-image';

/** `retired`: Google stopped serving it; kept so old posts still name it, never offered. */
export type ImageModelStatus = 'active' | 'retired';

export interface OutputPrice {
  /** What the user pays per output, in whole tokens. */
  tokensPerOutput: number;
  /** What Vertex AI bills per output, in micro-dollars (1 USD = 1,000,000). */
  microUsdPerOutput: number;
}

export interface ImageModel {
  id: string;
  label: string;
  /** `imagen` → `:predict` (`generateImages`); `gemini-image` → `:generateContent`, one image per call. */
  kind: ImageModelKind;
  /** The Vertex AI location to call it at; a model served only at `global` is not found regionally. */
  location: string;
  status: ImageModelStatus;
  /** An admin switch: a disabled model takes no new work, jobs already accepted still finish. */
  enabled: boolean;
  /** In the order the create form lists them; the first is the model's own default. */
  aspectRatios: readonly AspectRatio[];
  /** In the order the create form lists them; the first is the model's own default. */
  imageSizes: readonly ImageSize[];
  /** One price for every size in `imageSizes`. */
  prices: Readonly<Partial<Record<ImageSize, OutputPrice>>>;
}

const geminiRatios = aspectRatios;
/** Imagen 4 never took the wider Gemini vocabulary. */
const imagenRatios = ['1:1', '3:4', '4:3', '9:16', '16:9'] as const satisfies readonly AspectRatio[];

/*
 * Tokens follow USD at 3.3 US cents a token, rounded to whole tokens (at
 * least 1), so a dearer output never costs fewer tokens, and the 50-token
 * starting grant buys 25 images on the default model at 1K, or one
 * 4-variation 4K job on the priciest.
 */
export const imageModels = [
  {
    id: 'gemini-3.1-flash-image',
    label: 'Gemini 3.1 Flash Image',
    kind: 'gemini-image',
    location: 'global',
    status: 'active',
    enabled: true,
    aspectRatios: geminiRatios,
    imageSizes: ['1K', '2K', '4K'],
    prices: {
      '1K': { tokensPerOutput: 2, microUsdPerOutput: 67_000 },
      '2K': { tokensPerOutput: 3, microUsdPerOutput: 101_000 },
      '4K': { tokensPerOutput: 5, microUsdPerOutput: 151_000 },
    },
  },
  {
    id: 'gemini-3-pro-image-preview',
    label: 'Gemini 3 Pro Image (preview)',
    kind: 'gemini-image',
    location: 'global',
    status: 'active',
    enabled: true,
    aspectRatios: geminiRatios,
    imageSizes: ['1K', '2K', '4K'],
    prices: {
      '1K': { tokensPerOutput: 4, microUsdPerOutput: 134_000 },
      '2K': { tokensPerOutput: 4, microUsdPerOutput: 134_000 },
      '4K': { tokensPerOutput: 7, microUsdPerOutput: 240_000 },
    },
  },
  {
    // Served regionally and at `global`; global too, so every active model
    // shares one endpoint and Google routes around a region short of capacity.
    id: 'gemini-2.5-flash-image',
    label: 'Gemini 2.5 Flash Image',
    kind: 'gemini-image',
    location: 'global',
    status: 'active',
    enabled: true,
    aspectRatios: geminiRatios,
    imageSizes: ['1K'],
    prices: { '1K': { tokensPerOutput: 1, microUsdPerOutput: 39_000 } },
  },
  // Every Imagen endpoint was discontinued on 2026-06-30. The adapter stays
  // for a project that still has access, which an admin can re-enable.
  {
    id: 'imagen-4.0-fast-generate-001',
    label: 'Imagen 4 Fast',
    kind: 'imagen',
    location: 'us-central1',
    status: 'retired',
    enabled: true,
    aspectRatios: imagenRatios,
    imageSizes: ['1K'],
    prices: { '1K': { tokensPerOutput: 1, microUsdPerOutput: 20_000 } },
  },
  {
    id: 'imagen-4.0-generate-001',
    label: 'Imagen 4',
    kind: 'imagen',
    location: 'us-central1',
    status: 'retired',
    enabled: true,
    aspectRatios: imagenRatios,
    imageSizes: ['1K', '2K'],
    prices: {
      '1K': { tokensPerOutput: 1, microUsdPerOutput: 40_000 },
      '2K': { tokensPerOutput: 1, microUsdPerOutput: 40_000 },
    },
  },
  {
    id: 'imagen-4.0-ultra-generate-001',
    label: 'Imagen 4 Ultra',
    kind: 'imagen',
    location: 'us-central1',
    status: 'retired',
    enabled: true,
    aspectRatios: imagenRatios,
    imageSizes: ['1K', '2K'],
    prices: {
      '1K': { tokensPerOutput: 2, microUsdPerOutput: 60_000 },
      '2K': { tokensPerOutput: 2, microUsdPerOutput: 60_000 },
    },
  },
] as const satisfies readonly ImageModel[];

export type ImageModelId = (typeof imageModels)[number]['id'];

export const imageModelIds = imageModels.map((model) => model.id) as [ImageModelId, ...ImageModelId[]];

/** GA, served at `global`, the cheapest current model that makes 2K and 4K. */
export const defaultImageModelId: ImageModelId = 'gemini-3.1-flash-image';

/** Any catalogue entry, retired or not: old posts still need a label. */
export function imageModelById(id: string): ImageModel | undefined {
  return (imageModels as readonly ImageModel[]).find((model) => model.id === id);
}

/** What a user may pick for new work: active and enabled. */
export function isOffered(model: ImageModel): boolean {
  return model.status === 'active' && model.enabled;
}

/** The models the create form lists, in catalogue order. */
export function offeredImageModels(): ImageModel[] {
  return (imageModels as readonly ImageModel[]).filter(isOffered);
}

/** A model's name for people; an id the catalogue no longer knows shows as itself. */
export function imageModelLabel(id: string): string {
  return imageModelById(id)?.label ?? id;
}

/** The price of one output of `model` at `size`, or undefined when the model does not make that size. */
export function outputPrice(model: ImageModel, size: ImageSize): OutputPrice | undefined {
  return model.imageSizes.includes(size) ? model.prices[size] : undefined;
}
