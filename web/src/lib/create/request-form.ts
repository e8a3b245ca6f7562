/**
 * The create form as plain data: what it starts with, what it offers on each
 * model, and how it becomes an `ImageRequest` (`create-link.ts` fills it from
 * a URL). Rules (limits, defaults, models, messages) all come from core; this
 * module only translates between the form's text inputs and the request
 * shape. Which models take work
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
  quoteImageJob,
  type AspectRatio,
  type Catalogue,
  type ImageModel,
  type ImageRequest,
  type ImageSize,
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

/** What one image costs across the offered models and sizes: "2 to 12", or "4" when all cost the same. */
export function imagePriceRange(catalogue: Catalogue = baseCatalogue): string {
  const prices = modelChoices(catalogue).flatMap((model) =>
    model.imageSizes.map((size) => tokensPerImage(model, size)),
  );
  const [low, high] = [Math.min(...prices), Math.max(...prices)];
  return low === high ? `${low}` : `${low} to ${high}`;
}

export function isFormField(name: unknown): name is FormField {
  return typeof name === 'string' && (formFields as readonly string[]).includes(name);
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
