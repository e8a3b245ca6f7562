import { z } from 'zod';
import { isReservedDocumentId, isStorableText, unstorableTextMessage } from './firestore-limits.ts';
import type { JobStatus } from './job-status.ts';
import { imageRequestDefaults, imageRequestLimits, modelFitProblem, orList } from './image-request-rules.ts';
import { aspectRatios, imageModelById, imageModelIds, imageSizes } from './models.ts';

export { aspectRatios, imageSizes, type AspectRatio, type ImageSize } from './models.ts';
export { imageRequestDefaults, imageRequestLimits, modelFitProblem } from './image-request-rules.ts';

/** The request's fields, before the check across them; `createImageJob` extends it. */
export const imageRequestFields = z
  .object({
    prompt: z
      .string()
      .trim()
      .min(1, 'Describe the image you want.')
      .max(
        imageRequestLimits.promptMaxChars,
        `Keep the prompt under ${imageRequestLimits.promptMaxChars} characters.`,
      )
      .refine(isStorableText, unstorableTextMessage),
    negativePrompt: z
      .string()
      .trim()
      .max(
        imageRequestLimits.negativePromptMaxChars,
        `Keep the negative prompt under ${imageRequestLimits.negativePromptMaxChars} characters.`,
      )
      .refine(isStorableText, unstorableTextMessage)
      // An emptied field means "none", not an empty instruction to the model.
      .transform((value) => (value ? value : undefined))
      .optional(),
    aspectRatio: z
      .enum(aspectRatios, 'Pick one of the listed aspect ratios.')
      .default(imageRequestDefaults.aspectRatio),
    count: z
      .number('Choose how many variations (1–4).')
      .int('Choose a whole number of variations.')
      .min(1, 'Ask for at least one variation.')
      .max(imageRequestLimits.maxCount, `Ask for at most ${imageRequestLimits.maxCount} variations.`)
      .default(imageRequestDefaults.count),
    seed: z
      .number('The seed must be a number.')
      .int('The seed must be a whole number.')
      .min(0, 'The seed cannot be negative.')
      .max(imageRequestLimits.maxSeed, `The seed must be at most ${imageRequestLimits.maxSeed}.`)
      .optional(),
    model: z
      // Whether the model takes new work is the live catalogue's call (an admin
      // may turn models on and off), so the quote checks it, not the schema.
      .enum(imageModelIds, 'Pick one of the listed models.')
      .default(imageRequestDefaults.model),
    enhancePrompt: z
      .boolean('enhancePrompt must be true or false.')
      .default(imageRequestDefaults.enhancePrompt),
    imageSize: z
      .enum(imageSizes, `Pick an image size: ${orList(imageSizes)}.`)
      .default(imageRequestDefaults.imageSize),
  })
  .strict();

/**
 * The check across fields: the chosen model makes this ratio and size. Zod
 * runs it only once every field parsed, so the model is known and offered.
 */
export function checkModelFit(
  request: Pick<z.output<typeof imageRequestFields>, 'model' | 'aspectRatio' | 'imageSize'>,
  ctx: z.RefinementCtx,
): void {
  const model = imageModelById(request.model);
  const problem = model && modelFitProblem(model, request.aspectRatio, request.imageSize);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
}

/** Only `prompt` is required; every other field left out takes its {@link imageRequestDefaults} value. */
export const imageRequestSchema = imageRequestFields.superRefine(checkModelFit);

export type ImageRequest = z.output<typeof imageRequestSchema>;

/**
 * Job ids are Firestore auto-ids; anything else (a `/` above all) would
 * address another document, and Firestore reserves ids of the form `__…__`.
 */
export const jobIdField = (missing: string) =>
  z
    .string(missing)
    .trim()
    .min(1, missing)
    .max(128, 'That is not a job id.')
    .regex(/^[A-Za-z0-9_-]+$/, 'That is not a job id.')
    .refine((id) => !isReservedDocumentId(id), 'That is not a job id.');

export const cancelJobRequestSchema = z.object({ jobId: jobIdField('Say which job to cancel.') }).strict();
export type CancelJobRequest = z.output<typeof cancelJobRequestSchema>;

export const jobQueuePositionRequestSchema = z.object({ jobId: jobIdField('Say which job.') }).strict();
export type JobQueuePositionRequest = z.output<typeof jobQueuePositionRequestSchema>;

export interface JobQueuePositionResponse {
  status: JobStatus;
  /** Jobs of its kind queued before this one; null once it has left the queue. */
  ahead: number | null;
  /** True when the job is further back than the queue board lists: at least `ahead` are ahead. */
  beyondBoard?: boolean;
  /** The expected wait in whole minutes, from measured throughput; null without a measured rate. */
  etaMinutes?: { low: number; high: number } | null;
}

export interface CreateImageJobResponse {
  jobId: string;
}
