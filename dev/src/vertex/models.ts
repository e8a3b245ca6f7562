import { GoogleApiError } from './errors.ts';
import type { ModelRoute } from './routes.ts';

/** The model families the fake can stand in for; each answers different methods. */
export type ModelFamily = 'imagen' | 'gemini-image' | 'veo';

/** The `:{method}` suffixes the fake understands on a publisher model path. */
export type ModelMethod =
  'predict' | 'generateContent' | 'streamGenerateContent' | 'predictLongRunning' | 'fetchPredictOperation';

/**
 * Only ids that Vertex really serves, so a typo in product config fails
 * locally the way it would in production instead of silently working.
 */
export const KNOWN_MODELS: Readonly<Record<string, ModelFamily>> = {
  'imagen-4.0-generate-001': 'imagen',
  'imagen-4.0-fast-generate-001': 'imagen',
  'imagen-4.0-ultra-generate-001': 'imagen',
  'gemini-2.5-flash-image': 'gemini-image',
  'veo-3.0-generate-001': 'veo',
  'veo-3.0-fast-generate-001': 'veo',
  'veo-3.1-generate-001': 'veo',
  'veo-3.1-fast-generate-001': 'veo',
};

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
 * The family behind a routed model, or the error Vertex gives: 404 for a
 * model or method that does not exist, 400 for a real method the model does
 * not serve (e.g. `:predict` on the Gemini model).
 */
export function resolveModel(route: ModelRoute): { family: ModelFamily; method: ModelMethod } {
  const family = KNOWN_MODELS[route.model];
  if (family === undefined) {
    throw new GoogleApiError(
      404,
      `Publisher Model \`${modelResourceName(route)}\` was not found or your project does not have access to it. Please ensure you are using a valid model version.`,
    );
  }
  if (route.method === null) {
    throw new GoogleApiError(404, `Method ${route.rawMethod} was not found on ${modelResourceName(route)}.`);
  }
  if (!METHODS_BY_FAMILY[family].includes(route.method)) {
    throw new GoogleApiError(400, `Model ${route.model} does not support the ${route.method} method.`);
  }
  return { family, method: route.method };
}
