import { GoogleApiError } from './errors.ts';
import type { ModelRoute } from './routes.ts';

/** The model families the fake can stand in for; each answers different methods. */
export type ModelFamily = 'imagen' | 'gemini-image' | 'veo';

/** The `:{method}` suffixes the fake understands on a publisher model path. */
export type ModelMethod =
  'predict' | 'generateContent' | 'streamGenerateContent' | 'predictLongRunning' | 'fetchPredictOperation';

/** Output sizes by long side: 1K is 1024 px, 2K 2048 px, 4K 4096 px. */
export type ImageSize = '1K' | '2K' | '4K';

export interface KnownModel {
  family: ModelFamily;
  /** Served only at `global`: any regional location answers 404, as Vertex does. */
  globalOnly: boolean;
  /** Image sizes it makes (`imageConfig.imageSize`, Imagen's `sampleImageSize`); empty for video. */
  imageSizes: readonly ImageSize[];
}

/**
 * Only ids that Vertex really serves, so a typo in product config fails
 * locally the way it would in production instead of silently working.
 */
export const KNOWN_MODELS: Readonly<Record<string, KnownModel>> = {
  'imagen-4.0-generate-001': { family: 'imagen', globalOnly: false, imageSizes: ['1K', '2K'] },
  'imagen-4.0-fast-generate-001': { family: 'imagen', globalOnly: false, imageSizes: ['1K'] },
  'imagen-4.0-ultra-generate-001': { family: 'imagen', globalOnly: false, imageSizes: ['1K', '2K'] },
  'gemini-3.1-flash-image': { family: 'gemini-image', globalOnly: true, imageSizes: ['1K', '2K', '4K'] },
  'gemini-3-pro-image-preview': { family: 'gemini-image', globalOnly: true, imageSizes: ['1K', '2K', '4K'] },
  'gemini-2.5-flash-image': { family: 'gemini-image', globalOnly: false, imageSizes: ['1K'] },
  'veo-3.0-generate-001': { family: 'veo', globalOnly: false, imageSizes: [] },
  'veo-3.0-fast-generate-001': { family: 'veo', globalOnly: false, imageSizes: [] },
  'veo-3.1-generate-001': { family: 'veo', globalOnly: false, imageSizes: [] },
  'veo-3.1-fast-generate-001': { family: 'veo', globalOnly: false, imageSizes: [] },
};

/** The location that serves every model; the rest are regions. */
export const GLOBAL_LOCATION = 'global';

export const METHODS_BY_FAMILY: Readonly<Record<ModelFamily, readonly ModelMethod[]>> = {
  imagen: ['predict'],
  'gemini-image': ['generateContent', 'streamGenerateContent'],
  veo: ['predictLongRunning', 'fetchPredictOperation'],
};

const ALL_METHODS: ReadonlySet<string> = new Set(Object.values(METHODS_BY_FAMILY).flat());

export function isModelMethod(value: string): value is ModelMethod {
  return ALL_METHODS.has(value);
}

/** The resource name Vertex gives a publisher model; operation names extend it. */
export function modelResourceName(route: Pick<ModelRoute, 'project' | 'location' | 'model'>): string {
  return `projects/${route.project}/locations/${route.location}/publishers/google/models/${route.model}`;
}

/**
 * The model behind a route, or the error Vertex gives: 404 for a model or
 * method that does not exist, or a global-only model asked for at a region;
 * 400 for a real method the model does not serve (e.g. `:predict` on Gemini).
 */
export function resolveModel(route: ModelRoute): {
  family: ModelFamily;
  method: ModelMethod;
  model: KnownModel;
} {
  const model = KNOWN_MODELS[route.model];
  if (model === undefined || (model.globalOnly && route.location !== GLOBAL_LOCATION)) {
    throw new GoogleApiError(
      404,
      `Publisher Model \`${modelResourceName(route)}\` was not found or your project does not have access to it. Please ensure you are using a valid model version.`,
    );
  }
  if (route.method === null) {
    throw new GoogleApiError(404, `Method ${route.rawMethod} was not found on ${modelResourceName(route)}.`);
  }
  const { family } = model;
  if (!METHODS_BY_FAMILY[family].includes(route.method)) {
    throw new GoogleApiError(400, `Model ${route.model} does not support the ${route.method} method.`);
  }
  return { family, method: route.method, model };
}
