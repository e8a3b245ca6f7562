import { z } from 'zod';
import type { JobDoc } from './documents.ts';
import { PhoenixError } from './errors.ts';
import {
  checkModelFit,
  imageRequestDefaults,
  imageRequestFields,
  type ImageRequest,
} from './image-request.ts';
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

/**
 * What a create request does, given the job already stored under its request
 * id: none means create (and debit); the same caller asking the same thing
 * again means answer that job and charge nothing. Anything else is a reused
 * id, refused rather than silently answered with someone else's job.
 */
export function planAccept(
  existing: JobDoc<unknown> | undefined,
  uid: string,
  params: ImageRequest,
): AcceptPlan {
  if (!existing) return { kind: 'create' };
  if (existing.kind !== 'image' || existing.uid !== uid) throw reusedRequestId();
  // A job the budget moved to a cheaper model was asked for with the model it names as degradedFrom.
  const asked = existing.degradedFrom
    ? { ...existing.params, model: existing.degradedFrom }
    : existing.params;
  if (!sameImageRequest(asked as ImageRequest, params)) throw reusedRequestId();
  return { kind: 'replay', status: existing.status };
}

/** A request id already used for something else: refused rather than answered with another job. */
export function reusedRequestId(): PhoenixError {
  return new PhoenixError(
    'invalid_argument',
    'requestId: This request id was already used for a different request. Send a new one.',
    'requestId',
  );
}

/**
 * Field by field; an absent optional field equals one left undefined, and a
 * field a job stored before it existed (say `imageSize`) means its default.
 */
function sameImageRequest(stored: ImageRequest, asked: ImageRequest): boolean {
  const complete: ImageRequest = { ...imageRequestDefaults, ...stored };
  const fields = new Set([...Object.keys(complete), ...Object.keys(asked)]) as Set<keyof ImageRequest>;
  return [...fields].every((field) => complete[field] === asked[field]);
}
