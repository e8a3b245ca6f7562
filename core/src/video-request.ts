import { z } from 'zod';
import { requestIdSchema } from './create-request.ts';
import { isStorableText, unstorableTextMessage } from './firestore-limits.ts';
import { imageRequestLimits } from './image-request-rules.ts';
import { jobIdField } from './image-request.ts';
import { postIdField } from './post-visibility.ts';
import { videoRequestDefaults } from './video-request-defaults.ts';
import { videoAspectRatios, videoDurationsSeconds, videoModelIds, videoResolutions } from './video-models.ts';

export { videoRequestDefaults } from './video-request-defaults.ts';

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
