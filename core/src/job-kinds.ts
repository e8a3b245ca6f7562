import { imageQueue } from './image-task.ts';
import { imageJobDeadlineMs } from './job-deadline.ts';
import { videoJobDeadlineMs, videoQueue } from './video-task.ts';

/**
 * The kinds of job, and what the shared machinery (the sweeper, cancel, the
 * state machine, the queue settings) needs to know of each. The kind's own
 * request schema, pricing and outputs live in its modules (image-request,
 * pricing, video-request, video-catalogue).
 */
export const jobKinds = {
  image: { queue: imageQueue, deadlineMs: imageJobDeadlineMs, noun: 'image' },
  video: { queue: videoQueue, deadlineMs: videoJobDeadlineMs, noun: 'video' },
} as const;

export type JobKind = keyof typeof jobKinds;

export const jobKindNames = Object.keys(jobKinds) as JobKind[];
