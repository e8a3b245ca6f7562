/**
 * The video form as plain data: what it starts with, how a link fills it
 * ("Try again" on a draft, "Animate this" on a post), and how it becomes a
 * `VideoRequest`. Limits, defaults, models, prices and messages all come from
 * core; this only translates between the inputs, the URL and the request.
 * Which models take work is the live catalogue's call, so the functions that
 * depend on it take one; it defaults to core's catalogue without edits.
 */
import {
  PhoenixError,
  baseVideoCatalogue,
  offeredVideoModels,
  postIdField,
  quoteVideoJob,
  secondPrice,
  videoAspectRatios,
  videoDurationsSeconds,
  videoRequestDefaults,
  videoRequestSchema,
  videoResolutions,
  type Quote,
  type VideoAspectRatio,
  type VideoCatalogue,
  type VideoDurationSeconds,
  type VideoModel,
  type VideoRequest,
  type VideoResolution,
} from '@phoenix/core';
import { parseBoolean } from '../create/create-link.ts';
import { fitChoice } from '../create/request-form.ts';
import { plural } from '../jobs/job-presentation.ts';

/** The request fields, in the order the form shows them. */
export const videoFormFields = [
  'sourcePostId',
  'prompt',
  'negativePrompt',
  'model',
  'durationSeconds',
  'aspectRatio',
  'resolution',
  'generateAudio',
] as const;
export type VideoFormField = (typeof videoFormFields)[number];

/** What the inputs hold; the first frame travels beside them, as the post it comes from. */
export interface VideoFormValues {
  prompt: string;
  negativePrompt: string;
  model: string;
  durationSeconds: VideoDurationSeconds;
  aspectRatio: VideoAspectRatio;
  resolution: VideoResolution;
  generateAudio: boolean;
}

/** One message per field; `form` holds a problem that belongs to no single field. */
export type VideoFieldErrors = Partial<Record<VideoFormField | 'form', string>>;

export type VideoFormCheck = { ok: true; request: VideoRequest } | { ok: false; errors: VideoFieldErrors };

export function isVideoFormField(name: unknown): name is VideoFormField {
  return typeof name === 'string' && (videoFormFields as readonly string[]).includes(name);
}

/** The model a form lands on: core's default while it is offered, else the first offered one. */
function preferredModel(catalogue: VideoCatalogue): string {
  const offered = offeredVideoModels(catalogue);
  return (
    (offered.find((model) => model.id === videoRequestDefaults.model) ?? offered[0])?.id ??
    videoRequestDefaults.model
  );
}

export function defaultVideoFormValues(catalogue: VideoCatalogue = baseVideoCatalogue): VideoFormValues {
  return {
    prompt: '',
    negativePrompt: '',
    model: preferredModel(catalogue),
    durationSeconds: videoRequestDefaults.durationSeconds,
    aspectRatio: videoRequestDefaults.aspectRatio,
    resolution: videoRequestDefaults.resolution,
    generateAudio: videoRequestDefaults.generateAudio,
  };
}

/** What the chosen model makes; everything the schema allows for a model the form does not know. */
export function videoChoices(modelId: string, catalogue: VideoCatalogue = baseVideoCatalogue) {
  const model = catalogue.models.find((candidate) => candidate.id === modelId);
  return {
    durations: model?.durationsSeconds ?? videoDurationsSeconds,
    aspectRatios: model?.aspectRatios ?? videoAspectRatios,
    resolutions: model?.resolutions ?? videoResolutions,
  };
}

/**
 * The values with a length, shape and resolution the chosen model makes: one
 * it does not make quietly becomes the default, so switching model never
 * shows an error for a choice the user did not just make.
 */
export function fitToVideoModel(
  values: VideoFormValues,
  catalogue: VideoCatalogue = baseVideoCatalogue,
): VideoFormValues {
  const choices = videoChoices(values.model, catalogue);
  const durationSeconds = fitChoice(
    values.durationSeconds,
    choices.durations,
    videoRequestDefaults.durationSeconds,
  );
  const aspectRatio = fitChoice(values.aspectRatio, choices.aspectRatios, videoRequestDefaults.aspectRatio);
  const resolution = fitChoice(values.resolution, choices.resolutions, videoRequestDefaults.resolution);
  return durationSeconds === values.durationSeconds &&
    aspectRatio === values.aspectRatio &&
    resolution === values.resolution
    ? values
    : { ...values, durationSeconds, aspectRatio, resolution };
}

/**
 * The values on the live catalogue: a model an admin turned off or retired
 * gives way to the default (or the first offered model). Values that need no
 * change come back as they are, so a caller can compare.
 */
export function followVideoCatalogue(values: VideoFormValues, catalogue: VideoCatalogue): VideoFormValues {
  if (offeredVideoModels(catalogue).some((model) => model.id === values.model)) return values;
  const next = preferredModel(catalogue);
  return next === values.model ? values : fitToVideoModel({ ...values, model: next }, catalogue);
}

/** What the values would cost, or null while they name nothing that can be priced. */
export function videoFormQuote(
  values: Pick<VideoFormValues, 'model' | 'durationSeconds' | 'generateAudio'>,
  catalogue: VideoCatalogue = baseVideoCatalogue,
): Quote | null {
  try {
    return quoteVideoJob({ ...values, model: values.model as VideoRequest['model'] }, catalogue);
  } catch {
    return null;
  }
}

/** The model select's options: each offered model with its price per second, with or without audio. */
export function videoModelOptions(
  catalogue: VideoCatalogue,
  generateAudio: boolean,
): { id: string; label: string; price: string }[] {
  return offeredVideoModels(catalogue).map((model) => ({
    id: model.id,
    label: model.label,
    price: `${plural(secondPrice(model, generateAudio).tokensPerSecond, 'token')}/s`,
  }));
}

/** "5 tokens a second with audio". */
export function secondPriceLine(model: VideoModel, generateAudio: boolean): string {
  const { tokensPerSecond } = secondPrice(model, generateAudio);
  return `${plural(tokensPerSecond, 'token')} a second ${generateAudio ? 'with' : 'without'} audio`;
}

/** The post a create link names as the first frame (`?from=<post id>`), or null. */
export function firstFrameFromQuery(params: Pick<URLSearchParams, 'get'>): string | null {
  const parsed = postIdField.safeParse(params.get('from'));
  return parsed.success ? parsed.data : null;
}

function oneOf<T extends string | number>(choices: readonly T[], raw: string | null): T | undefined {
  return choices.find((choice) => String(choice) === raw?.trim());
}

/**
 * Fills the form from a link (`?mode=video&prompt=&negativePrompt=&model=
 * &durationSeconds=&aspectRatio=&resolution=&generateAudio=`). A value the
 * form cannot show (an unknown length, a model that takes no work) falls
 * back to the default rather than opening a form broken before anyone typed.
 */
export function videoFormFromQuery(
  params: Pick<URLSearchParams, 'get'>,
  catalogue: VideoCatalogue = baseVideoCatalogue,
): VideoFormValues {
  const values = defaultVideoFormValues(catalogue);
  values.prompt = params.get('prompt') ?? values.prompt;
  values.negativePrompt = params.get('negativePrompt') ?? values.negativePrompt;
  const model = offeredVideoModels(catalogue).find((offered) => offered.id === params.get('model'));
  if (model) values.model = model.id;
  values.durationSeconds =
    oneOf(videoDurationsSeconds, params.get('durationSeconds')) ?? values.durationSeconds;
  values.aspectRatio = oneOf(videoAspectRatios, params.get('aspectRatio')) ?? values.aspectRatio;
  values.resolution = oneOf(videoResolutions, params.get('resolution')) ?? values.resolution;
  values.generateAudio = parseBoolean(params.get('generateAudio')) ?? values.generateAudio;
  return fitToVideoModel(values, catalogue);
}

/** The query string of "Animate this": the video form, starting from `postId`'s image. */
export function animateQuery(postId: string): string {
  return new URLSearchParams({ mode: 'video', from: postId }).toString();
}

/**
 * The query string of a link back to the video form with a request's
 * fields, first frame included; `videoFormFromQuery` and
 * `firstFrameFromQuery` read it back to the same request.
 */
export function videoRetryQuery(request: VideoRequest): string {
  const params = new URLSearchParams({ mode: 'video', prompt: request.prompt });
  if (request.negativePrompt) params.set('negativePrompt', request.negativePrompt);
  params.set('model', request.model);
  params.set('durationSeconds', String(request.durationSeconds));
  params.set('aspectRatio', request.aspectRatio);
  params.set('resolution', request.resolution);
  params.set('generateAudio', String(request.generateAudio));
  if (request.sourcePostId) params.set('from', request.sourcePostId);
  return params.toString();
}

/** The callable's input: an empty negative prompt and a missing first frame are left out. */
export function toVideoRequestInput(
  values: VideoFormValues,
  sourcePostId: string | null,
): Record<string, unknown> {
  const input: Record<string, unknown> = {
    prompt: values.prompt,
    model: values.model,
    durationSeconds: values.durationSeconds,
    aspectRatio: values.aspectRatio,
    resolution: values.resolution,
    generateAudio: values.generateAudio,
  };
  if (values.negativePrompt.trim()) input.negativePrompt = values.negativePrompt;
  if (sourcePostId) input.sourcePostId = sourcePostId;
  return input;
}

/**
 * Checks the form with core's schema, then prices it on the live catalogue,
 * which refuses a model that takes no new work; every field gets its first
 * message, without the field name core puts before it.
 */
export function checkVideoForm(
  values: VideoFormValues,
  sourcePostId: string | null,
  catalogue: VideoCatalogue = baseVideoCatalogue,
): VideoFormCheck {
  const result = videoRequestSchema.safeParse(toVideoRequestInput(values, sourcePostId));
  if (!result.success) {
    const errors: VideoFieldErrors = {};
    for (const issue of result.error.issues) {
      const head = issue.path[0];
      errors[isVideoFormField(head) ? head : 'form'] ??= issue.message;
    }
    return { ok: false, errors };
  }
  try {
    quoteVideoJob(result.data, catalogue);
  } catch (error) {
    if (!(error instanceof PhoenixError)) throw error;
    const field = isVideoFormField(error.field) ? error.field : 'form';
    return { ok: false, errors: { [field]: error.message.replace(/^\w+: /, '') } };
  }
  return { ok: true, request: result.data };
}
