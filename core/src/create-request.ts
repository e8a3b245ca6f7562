import { z } from 'zod';
import { PhoenixError } from './errors.ts';
import { checkModelFit, imageRequestFields } from './image-request.ts';
import type { JobStatus } from './job-status.ts';
import { postIdField } from './post-visibility.ts';

/**
 * The id a client gives one intent to create a job (the browser uses a UUID).
 * A retry after a lost answer carries the same id and gets the job the first
 * call made, instead of a second job and a second debit.
 */
export const requestIdSchema = z
  .string('requestId must be a string.')
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'requestId must be 16–64 letters, digits, - or _.');

/**
 * What `createImageJob` takes: the image request and, optionally, its request
 * id and the post it remixes (recorded on the job and its posts when that post
 * is still public; a remix of one hidden meanwhile is made without the link).
 */
export const createImageJobRequestSchema = imageRequestFields
  .extend({ requestId: requestIdSchema.optional(), remixOf: postIdField.optional() })
  .superRefine(checkModelFit);
export type CreateImageJobRequest = z.output<typeof createImageJobRequestSchema>;

export type AcceptPlan = { kind: 'create' } | { kind: 'replay'; status: JobStatus };

/** A request id already used for something else: refused rather than answered with another job. */
export function reusedRequestId(): PhoenixError {
  return new PhoenixError(
    'invalid_argument',
    'requestId: This request id was already used for a different request. Send a new one.',
    'requestId',
  );
}
