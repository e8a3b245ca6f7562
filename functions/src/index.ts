import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { setGlobalOptions } from 'firebase-functions/v2';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { sweepSchedule } from '@phoenix/core';
import { ensureAccountFor } from './accounts.ts';
import { signedInCallable } from './callable.ts';
import { cancelQueuedJob } from './image-jobs/cancel.ts';
import { acceptImageJob } from './image-jobs/create.ts';
import { queuePositionOf } from './image-jobs/queue-position.ts';
import { endOverdueJobs } from './image-jobs/sweep.ts';
import { setLikeFor } from './likes/set-like.ts';
import { markNotificationsRead as markNotificationsReadFor } from './notifications/mark-read.ts';
import { answerPing } from './ping.ts';
import { setOwnPostHiddenFor } from './posts/set-own-hidden.ts';
import { claimUsernameFor } from './profiles/claim-username.ts';
import { updateProfileFor } from './profiles/update-profile.ts';
import { reportPost as reportPostFor } from './reports/report-post.ts';
import {
  createCloudTasksClient,
  createImageTaskEnqueuer,
  imageTaskTargetFromEnv,
  tasksEmulatorHostFromEnv,
} from './task-queue.ts';

initializeApp();
setGlobalOptions({ region: 'us-central1', maxInstances: 10 });

/** One queue client per instance, made on the first enqueue. */
const imageTasks = createImageTaskEnqueuer({
  target: () => imageTaskTargetFromEnv(),
  client: () => createCloudTasksClient(tasksEmulatorHostFromEnv()),
});

export const ping = signedInCallable(answerPing);

/** Opens the caller's account with the starting grant (once) and answers its balance. */
export const ensureAccount = signedInCallable((uid) => ensureAccountFor(getFirestore(), uid));

export const createImageJob = signedInCallable((uid, data) =>
  acceptImageJob({ db: getFirestore(), queue: imageTasks }, uid, data),
);

export const cancelJob = signedInCallable((uid, data) => cancelQueuedJob(getFirestore(), uid, data));

/** How many jobs wait ahead of the caller's queued one; the create page asks while it waits. */
export const jobQueuePosition = signedInCallable((uid, data) => queuePositionOf(getFirestore(), uid, data));

/** Likes or unlikes a post for the caller; idempotent, with exact sharded counts. */
export const setLike = signedInCallable((uid, data) => setLikeFor(getFirestore(), uid, data));

/** Gives the caller a unique username (case-insensitive), freeing their old one. */
export const claimUsername = signedInCallable((uid, data) => claimUsernameFor(getFirestore(), uid, data));

/** Edits the caller's own public profile (the bio). */
export const updateProfile = signedInCallable((uid, data) => updateProfileFor(getFirestore(), uid, data));

/**
 * Hides the caller's own post from the feed and their profile, or shows it
 * again. Owners only; moderation by admins is a separate callable.
 */
export const setOwnPostHidden = signedInCallable((uid, data) =>
  setOwnPostHiddenFor(getFirestore(), uid, data),
);

/** Reports a post once per caller; enough distinct reporters hide it for review (core's threshold). */
export const reportPost = signedInCallable((uid, data) => reportPostFor(getFirestore(), uid, data));

/** Moves the caller's notification read marker to `upTo` (epoch ms) or now; unread = items newer than it. */
export const markNotificationsRead = signedInCallable((uid, data) =>
  markNotificationsReadFor(getFirestore(), uid, data),
);

/** Fails and refunds jobs left unfinished past their deadline (see core's `imageJobDeadlineMs`). */
export const sweepOverdueJobs = onSchedule({ schedule: sweepSchedule, timeoutSeconds: 300 }, async () => {
  await endOverdueJobs(getFirestore());
});
