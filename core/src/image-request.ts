import { z } from 'zod';
import type { JobStatus } from './job-status.ts';
import { imageModelById, imageModelIds, defaultImageModelId } from './models.ts';

export const aspectRatios = ['1:1', '3:4', '4:3', '9:16', '16:9'] as const;
export type AspectRatio = (typeof aspectRatios)[number];

export const imageRequestLimits = {
  promptMaxChars: 2000,
  negativePromptMaxChars: 1000,
  maxCount: 4,
  maxSeed: 4_294_967_295,
} as const;

/** What the create form starts with, and what a field left out means. */
export const imageRequestDefaults = {
  aspectRatio: '1:1',
  count: 2,
  model: defaultImageModelId,
  enhancePrompt: true,
} as const satisfies Partial<ImageRequest>;

export const imageRequestSchema = z
  .object({
    prompt: z
      .string()
      .trim()
      .min(1, 'Describe the image you want.')
      .max(
        imageRequestLimits.promptMaxChars,
        `Keep the prompt under ${imageRequestLimits.promptMaxChars} characters.`,
      ),
    negativePrompt: z
      .string()
      .trim()
      .max(
        imageRequestLimits.negativePromptMaxChars,
        `Keep the negative prompt under ${imageRequestLimits.negativePromptMaxChars} characters.`,
      )
      // An emptied field means "none", not an empty instruction to the model.
      .transform((value) => (value ? value : undefined))
      .optional(),
    aspectRatio: z.enum(aspectRatios, 'Pick one of the listed aspect ratios.'),
    count: z
      .number('Choose how many variations (1–4).')
      .int('Choose a whole number of variations.')
      .min(1, 'Ask for at least one variation.')
      .max(imageRequestLimits.maxCount, `Ask for at most ${imageRequestLimits.maxCount} variations.`),
    seed: z
      .number('The seed must be a number.')
      .int('The seed must be a whole number.')
      .min(0, 'The seed cannot be negative.')
      .max(imageRequestLimits.maxSeed, `The seed must be at most ${imageRequestLimits.maxSeed}.`)
      .optional(),
    model: z
      .enum(imageModelIds, 'Pick one of the listed models.')
      .refine((id) => imageModelById(id)?.enabled === true, 'This model is turned off. Pick another one.'),
    enhancePrompt: z.boolean('enhancePrompt must be true or false.'),
  })
  .strict();

export type ImageRequest = z.output<typeof imageRequestSchema>;

/** Job ids are Firestore auto-ids; anything else (a `/` above all) would address another document. */
const jobIdField = (missing: string) =>
  z
    .string(missing)
    .trim()
    .min(1, missing)
    .max(128, 'That is not a job id.')
    .regex(/^[A-Za-z0-9_-]+$/, 'That is not a job id.');

export const cancelJobRequestSchema = z.object({ jobId: jobIdField('Say which job to cancel.') }).strict();
export type CancelJobRequest = z.output<typeof cancelJobRequestSchema>;

export const jobQueuePositionRequestSchema = z.object({ jobId: jobIdField('Say which job.') }).strict();
export type JobQueuePositionRequest = z.output<typeof jobQueuePositionRequestSchema>;

export interface JobQueuePositionResponse {
  status: JobStatus;
  /** Image jobs queued before this one; null once it has left the queue. */
  ahead: number | null;
}

export interface CreateImageJobResponse {
  jobId: string;
}
