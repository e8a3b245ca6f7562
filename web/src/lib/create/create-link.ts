/**
 * Create links: how a URL fills the image form (a remix link, a reload),
 * the post a remix came from, and the remix link a post offers. Values the
 * form cannot show fall back to its defaults; the rules stay core's and the
 * form's (`request-form.ts`).
 */
import {
  aspectRatios,
  baseCatalogue,
  imageSizes,
  modelOfferProblem,
  postIdField,
  type AspectRatio,
  type Catalogue,
  type ImageSize,
  type PostDoc,
} from '@phoenix/core';
import { countChoices, defaultFormValues, fitToModel, type CreateFormValues } from './request-form.ts';

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
