import { z } from 'zod';
import { imageDispatchDeadlineSeconds } from './delivery-limits.ts';

/** The body of an `images` queue task. The job document holds everything else. */
export const imageTaskBodySchema = z.object({ jobId: z.string().min(1).max(128) }).strict();
export type ImageTaskBody = z.output<typeof imageTaskBodySchema>;

/** The image service's Cloud Run sizing, as cloudbuild.yaml deploys it. */
export const imageService = {
  /** Requests one instance works at once; the service also enforces it in-process. */
  concurrency: 8,
  maxInstances: 100,
  /**
   * vCPUs per instance. With the model's wait spent off the CPU, an
   * instance's throughput is bounded by these over the CPU one job costs
   * (mostly encoding); `npm run bench` (P3) prints that bound.
   */
  cpus: 1,
} as const;

/**
 * The `images` queue, as created locally and configured in deploy. The image
 * service reads `maxAttempts` to know when a delivery is its last. The queue
 * never dispatches more than the service can take at once, so tasks wait in
 * the queue (free) rather than spending their attempts on 429s.
 */
export const imageQueue = {
  name: 'images',
  maxAttempts: 5,
  minBackoffSeconds: 2,
  maxBackoffSeconds: 60,
  maxDoublings: 4,
  maxConcurrentDispatches: imageService.concurrency * imageService.maxInstances,
  maxDispatchesPerSecond: 50,
  /** Derived from the delivery's own limits (see delivery-limits.ts); Cloud Tasks allows 15 s–30 min. */
  dispatchDeadlineSeconds: imageDispatchDeadlineSeconds,
} as const;

/**
 * Task ids come from the job id, so a second enqueue of the same job fails
 * with ALREADY_EXISTS instead of running it twice. Firestore auto-ids are
 * random, which is what Cloud Tasks wants for spreading load.
 */
export function imageTaskId(jobId: string): string {
  return `image-${jobId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
