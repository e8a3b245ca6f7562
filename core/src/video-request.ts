import { z } from 'zod';
import { requestIdSchema } from './create-request.ts';
import { isStorableText, unstorableTextMessage } from './firestore-limits.ts';
import { imageRequestLimits, jobIdField } from './image-request.ts';
import { postIdField } from './post-visibility.ts';
import {
  defaultVideoModelId,
  videoAspectRatios,
  videoDurationsSeconds,
  videoModelIds,
  videoResolutions,
  type VideoAspectRatio,
  type VideoDurationSeconds,
  type VideoModelId,
  type VideoResolution,
} from './video-models.ts';

/** What the video form starts with, and what a field left out of a request means. */
export const videoRequestDefaults = {
  durationSeconds: 8,
  aspectRatio: '16:9',
  resolution: '720p',
  generateAudio: true,
  model: defaultVideoModelId,
} as const satisfies {
  durationSeconds: VideoDurationSeconds;
  aspectRatio: VideoAspectRatio;
  resolution: VideoResolution;
  generateAudio: boolean;
  model: VideoModelId;
};

/** The video request's fields; only `prompt` is required. */
export const videoRequestSchema = z
  .object({
    prompt: z
      .string('Describe the video you want.')
      .trim()
      .min(1, 'Describe the video you want.')
      .max(
        imageRequestLimits.promptMaxChars,
        `Keep the prompt under ${imageRequestLimits.promptMaxChars} characters.`,
      )
      .refine(isStorableText, unstorableTextMessage),
    negativePrompt: z
      .string('The negative prompt must be text.')
      .trim()
      .max(
        imageRequestLimits.negativePromptMaxChars,
        `Keep the negative prompt under ${imageRequestLimits.negativePromptMaxChars} characters.`,
      )
      .refine(isStorableText, unstorableTextMessage)
      .transform((value) => (value ? value : undefined))
      .optional(),
    /** One of the caller's own image posts: its image becomes the first frame. */
    sourcePostId: postIdField.optional(),
    durationSeconds: z
      .union(
        videoDurationsSeconds.map((seconds) => z.literal(seconds)),
        `Pick a length of ${videoDurationsSeconds.join(', ').replace(/, (\d+)$/, ' or $1')} seconds.`,
      )
      .default(videoRequestDefaults.durationSeconds),
    aspectRatio: z
      .enum(videoAspectRatios, 'Pick 16:9 (landscape) or 9:16 (portrait).')
      .default(videoRequestDefaults.aspectRatio),
    resolution: z.enum(videoResolutions, 'Pick 720p or 1080p.').default(videoRequestDefaults.resolution),
    generateAudio: z
      .boolean('generateAudio must be true or false.')
      .default(videoRequestDefaults.generateAudio),
    // Whether the model takes new work is the live catalogue's call, so the quote checks it.
    model: z.enum(videoModelIds, 'Pick one of the listed video models.').default(videoRequestDefaults.model),
  })
  .strict();
export type VideoRequest = z.output<typeof videoRequestSchema>;

/** What `createVideoJob` takes: the video request and, optionally, its request id. */
export const createVideoJobRequestSchema = videoRequestSchema.extend({
  requestId: requestIdSchema.optional(),
});
export type CreateVideoJobRequest = z.output<typeof createVideoJobRequestSchema>;

/** What `publishVideo` and `discardVideo` take. */
export const videoDraftRequestSchema = z.object({ jobId: jobIdField('Say which video draft.') }).strict();
export type VideoDraftRequest = z.output<typeof videoDraftRequestSchema>;
