/**
 * The create form as plain data: what it starts with, how a remix link fills
 * it, and how it becomes an `ImageRequest`. Rules (limits, defaults, models,
 * messages) all come from core; this module only translates between the
 * form's text inputs, the URL and the request shape. Which models take work
 * is the live catalogue's call (`config/models`, an admin may turn models
 * off), so the functions that depend on it take one; it defaults to core's
 * catalogue without edits.
 */
import {
  aspectRatios,
  baseCatalogue,
  catalogueModel,
  imageRequestDefaults,
  imageRequestLimits,
  imageRequestSchema,
  imageSizes,
  isOffered,
  modelOfferProblem,
  outputPrice,
  postIdField,
  quoteImageJob,
  type AspectRatio,
  type Catalogue,
  type ImageModel,
  type ImageRequest,
  type ImageSize,
  type PostDoc,
  type Quote,
} from '@phoenix/core';
import { plural } from '../jobs/job-presentation.ts';

/** The request fields, in the order the form shows them. */
export const formFields = [
  'prompt',
  'negativePrompt',
  'model',
  'aspectRatio',
  'imageSize',
  'count',
  'seed',
  'enhancePrompt',
] as const;
export type FormField = (typeof formFields)[number];

/** What the inputs hold. Text inputs stay text until submit, so a half-typed seed is not lost. */
export interface CreateFormValues {
  prompt: string;
  negativePrompt: string;
  aspectRatio: AspectRatio;
  imageSize: ImageSize;
  count: number;
  model: string;
  /** Empty means "random". */
  seed: string;
  enhancePrompt: boolean;
}

/** One message per field; `form` holds a problem that belongs to no single field. */
export type FieldErrors = Partial<Record<FormField | 'form', string>>;

export type FormCheck = { ok: true; request: ImageRequest } | { ok: false; errors: FieldErrors };

export function defaultFormValues(catalogue: Catalogue = baseCatalogue): CreateFormValues {
  return {
    prompt: '',
    negativePrompt: '',
    aspectRatio: imageRequestDefaults.aspectRatio,
    imageSize: imageRequestDefaults.imageSize,
    count: imageRequestDefaults.count,
    model: catalogue.defaultModelId,
    seed: '',
    enhancePrompt: imageRequestDefaults.enhancePrompt,
  };
}

/** The models the form lists: active and enabled, in catalogue order. */
export function modelChoices(catalogue: Catalogue = baseCatalogue): ImageModel[] {
  return catalogue.models.filter(isOffered);
}

/** The aspect ratios the chosen model makes; all of them for a model the form does not know. */
export function ratioChoices(modelId: string, catalogue: Catalogue = baseCatalogue): readonly AspectRatio[] {
  return catalogueModel(catalogue, modelId)?.aspectRatios ?? aspectRatios;
}

/** The sizes the chosen model makes; all of them for a model the form does not know. */
export function sizeChoices(modelId: string, catalogue: Catalogue = baseCatalogue): readonly ImageSize[] {
  return catalogueModel(catalogue, modelId)?.imageSizes ?? imageSizes;
}

/** What a field falls back to on a model that does not make the current value: the request default if it can, else its first. */
export function fitChoice<T extends string | number>(current: T, choices: readonly T[], preferred: T): T {
  if (choices.includes(current)) return current;
  return choices.includes(preferred) ? preferred : (choices[0] ?? preferred);
}

/**
 * The values with the ratio and size the chosen model makes: one it does not
 * make quietly becomes its default, so switching model never shows an error
 * for a choice the user did not just make.
 */
export function fitToModel(values: CreateFormValues, catalogue: Catalogue = baseCatalogue): CreateFormValues {
  const aspectRatio = fitChoice(
    values.aspectRatio,
    ratioChoices(values.model, catalogue),
    imageRequestDefaults.aspectRatio,
  );
  const imageSize = fitChoice(
    values.imageSize,
    sizeChoices(values.model, catalogue),
    imageRequestDefaults.imageSize,
  );
  return aspectRatio === values.aspectRatio && imageSize === values.imageSize
    ? values
    : { ...values, aspectRatio, imageSize };
}

/**
 * The values on the live catalogue: a model an admin turned off gives way to
 * the catalogue's default (or its first offered model), and a form whose
 * model nobody chose (`modelChosen` false) follows the default. Values that
 * need no change come back as they are, so a caller can compare.
 */
export function followCatalogue(
  values: CreateFormValues,
  catalogue: Catalogue,
  modelChosen: boolean,
): CreateFormValues {
  const offered = (id: string) => modelOfferProblem(catalogue, id) === null;
  const target = modelChosen && offered(values.model) ? values.model : catalogue.defaultModelId;
  const next = offered(target) ? target : catalogue.models.find(isOffered)?.id;
  return next && next !== values.model ? fitToModel({ ...values, model: next }, catalogue) : values;
}

/** What the form's current values would cost, or null while they name nothing that can be priced. */
export function formQuote(
  values: Pick<CreateFormValues, 'model' | 'count' | 'imageSize'>,
  catalogue: Catalogue = baseCatalogue,
): Quote | null {
  try {
    return quoteImageJob(
      { model: values.model as ImageRequest['model'], count: values.count, imageSize: values.imageSize },
      catalogue,
    );
  } catch {
    return null;
  }
}

/** A model's price per image, at the size the form has chosen when it makes that size, else its smallest. */
export function tokensPerImage(model: ImageModel, imageSize: ImageSize): number {
  const size = model.imageSizes.includes(imageSize) ? imageSize : model.imageSizes[0];
  const price = size === undefined ? undefined : outputPrice(model, size);
  return price?.tokensPerOutput ?? 0;
}

/** The model select's options: each offered model with its price per image at the chosen size. */
export function modelOptions(
  catalogue: Catalogue,
  imageSize: ImageSize,
): { id: string; label: string; price: string }[] {
  return modelChoices(catalogue).map((model) => ({
    id: model.id,
    label: model.label,
    price: plural(tokensPerImage(model, imageSize), 'token'),
  }));
}

export function isFormField(name: unknown): name is FormField {
  return typeof name === 'string' && (formFields as readonly string[]).includes(name);
}

const DIGITS = /^[0-9]+$/;

/** A link's `true`/`1` or `false`/`0`; anything else is undefined. */
export function parseBoolean(raw: string | null): boolean | undefined {
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return undefined;
}

/**
 * Fills the form from a remix link (`?prompt=&negativePrompt=&aspectRatio=
 * &imageSize=&count=&model=&seed=&enhancePrompt=`). A value the form cannot
 * show (an unknown ratio, a retired or turned-off model, `count=9`, a size
 * the model does not make) falls back to the default rather than opening a
 * form that is broken before anyone typed.
 */
export function formFromQuery(
  params: Pick<URLSearchParams, 'get'>,
  catalogue: Catalogue = baseCatalogue,
): CreateFormValues {
  const values = defaultFormValues(catalogue);

  const prompt = params.get('prompt');
  if (prompt !== null) values.prompt = prompt;
  const negativePrompt = params.get('negativePrompt');
  if (negativePrompt !== null) values.negativePrompt = negativePrompt;

  const aspectRatio = params.get('aspectRatio');
  if ((aspectRatios as readonly (string | null)[]).includes(aspectRatio)) {
    values.aspectRatio = aspectRatio as AspectRatio;
  }
  const imageSize = params.get('imageSize');
  if ((imageSizes as readonly (string | null)[]).includes(imageSize)) {
    values.imageSize = imageSize as ImageSize;
  }

  const count = params.get('count')?.trim() ?? '';
  if (DIGITS.test(count) && countChoices().includes(Number(count))) values.count = Number(count);

  const model = params.get('model');
  if (model !== null && modelOfferProblem(catalogue, model) === null) values.model = model;

  const seed = params.get('seed')?.trim() ?? '';
  if (DIGITS.test(seed)) values.seed = seed;

  const enhance = parseBoolean(params.get('enhancePrompt'));
  if (enhance !== undefined) values.enhancePrompt = enhance;

  return fitToModel(values, catalogue);
}

/**
 * The post a remix link came from (`?remixOf=<post id>`), or null when there
 * is none or it is not a post id. It travels beside the form's values, not in
 * them: the request schema is strict and would refuse it, and the server only
 * records the link when that post is still public.
 */
export function remixOfFromQuery(params: Pick<URLSearchParams, 'get'>): string | null {
  const parsed = postIdField.safeParse(params.get('remixOf'));
  return parsed.success ? parsed.data : null;
}

/** A create link's query string (with or without its `?`) less its `name` parameter, without the `?`. */
export function queryWithout(search: string, name: string): string {
  const params = new URLSearchParams(search);
  params.delete(name);
  return params.toString();
}

/** A create link's query string (with or without its `?`) less its `remixOf`, without the `?`. */
export function queryWithoutRemixOf(search: string): string {
  return queryWithout(search, 'remixOf');
}

/** What a remix carries over: a post's id and parameters, and a count and size when known. */
export type RemixSource = Pick<
  PostDoc,
  'prompt' | 'negativePrompt' | 'aspectRatio' | 'model' | 'seed' | 'enhancePrompt'
> & { id: string; count?: number; imageSize?: ImageSize };

/**
 * The query string of a remix link; `formFromQuery` reads it back to the same
 * values and `remixOfFromQuery` to the post it came from.
 */
export function remixQuery(source: RemixSource): string {
  const params = new URLSearchParams();
  params.set('prompt', source.prompt);
  if (source.negativePrompt) params.set('negativePrompt', source.negativePrompt);
  params.set('aspectRatio', source.aspectRatio);
  if (source.imageSize !== undefined) params.set('imageSize', source.imageSize);
  if (source.count !== undefined) params.set('count', String(source.count));
  params.set('model', source.model);
  if (source.seed !== null && source.seed !== undefined) params.set('seed', String(source.seed));
  params.set('enhancePrompt', String(source.enhancePrompt));
  params.set('remixOf', source.id);
  return params.toString();
}

/** The variation counts the segmented control offers: 1 to core's maximum. */
export function countChoices(): number[] {
  return Array.from({ length: imageRequestLimits.maxCount }, (_, i) => i + 1);
}

/**
 * The callable's input: empty optional fields are left out, and the seed is
 * turned into a number here so the schema can say what is wrong with it.
 */
export function toRequestInput(values: CreateFormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {
    prompt: values.prompt,
    aspectRatio: values.aspectRatio,
    imageSize: values.imageSize,
    count: values.count,
    model: values.model,
    enhancePrompt: values.enhancePrompt,
  };
  if (values.negativePrompt.trim()) input.negativePrompt = values.negativePrompt;
  const seed = values.seed.trim();
  if (seed) input.seed = Number(seed);
  return input;
}

/**
 * Checks the form with core's schema, then whether the live catalogue offers
 * the model (the schema no longer knows); every field gets its first message.
 */
export function checkForm(values: CreateFormValues, catalogue: Catalogue = baseCatalogue): FormCheck {
  const result = imageRequestSchema.safeParse(toRequestInput(values));
  if (result.success) {
    const problem = modelOfferProblem(catalogue, result.data.model);
    return problem ? { ok: false, errors: { model: problem } } : { ok: true, request: result.data };
  }
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const head = issue.path[0];
    const key = isFormField(head) ? head : 'form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
