/**
 * The image model catalogue, as data. `kind` says which Vertex AI method a
 * model speaks. Prices are per output: tokens are what the user pays, USD is
 * what Vertex AI charges us (list price, November 2026), used for budgets.
 */
export const imageModels = [
  {
    id: 'gemini-2.5-flash-image',
    label: 'Gemini 2.5 Flash Image',
    kind: 'gemini-image',
    tokensPerOutput: 1,
    usdPerOutput: 0.039,
    enabled: true,
  },
  {
    id: 'imagen-4.0-fast-generate-001',
    label: 'Imagen 4 Fast',
    kind: 'imagen',
    tokensPerOutput: 1,
    usdPerOutput: 0.02,
    enabled: true,
  },
  {
    id: 'imagen-4.0-generate-001',
    label: 'Imagen 4',
    kind: 'imagen',
    tokensPerOutput: 2,
    usdPerOutput: 0.04,
    enabled: true,
  },
  {
    id: 'imagen-4.0-ultra-generate-001',
    label: 'Imagen 4 Ultra',
    kind: 'imagen',
    tokensPerOutput: 3,
    usdPerOutput: 0.06,
    enabled: true,
  },
] as const satisfies readonly ImageModel[];

export type ImageModelKind = 'imagen' | 'gemini-image';

export interface ImageModel {
  id: string;
  label: string;
  /** `imagen` → `:predict` (`generateImages`); `gemini-image` → `:generateContent`, one image per call. */
  kind: ImageModelKind;
  tokensPerOutput: number;
  usdPerOutput: number;
  enabled: boolean;
}

export type ImageModelId = (typeof imageModels)[number]['id'];

export const imageModelIds = imageModels.map((model) => model.id) as [ImageModelId, ...ImageModelId[]];

/** The Imagen ids carry a discontinuation date of 2026-06-30, so the default is Gemini. */
export const defaultImageModelId: ImageModelId = 'gemini-2.5-flash-image';

export function imageModelById(id: string): ImageModel | undefined {
  return imageModels.find((model) => model.id === id);
}

export function enabledImageModels(): ImageModel[] {
  return imageModels.filter((model) => model.enabled);
}
