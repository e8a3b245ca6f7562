import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import { setGlobalOptions } from 'firebase-functions/v2';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { analyticsSchedule, budgetCheckSchedule, opsSchedule, sweepSchedule } from '@phoenix/core';
import { ensureAccountFor } from './accounts.ts';
import { spendSummaryFor, updateLimitsFor, updateModelFor } from './admin/limits.ts';
import { setPostHiddenFor } from './admin/moderation.ts';
import { serviceMaxInstances, setServiceMaxInstancesFor } from './admin/scaling.ts';
import { findUserFor, grantTokensFor } from './admin/users.ts';
import { rollUpAnalytics as rollUpAnalyticsFor } from './analytics/rollup.ts';
import { runScheduledBudgetCheck } from './budget/watch.ts';
import { adminCallable, signedInCallable } from './callable.ts';
import { cancelQueuedJob } from './image-jobs/cancel.ts';
import { acceptImageJob } from './image-jobs/create.ts';
import { queuePositionOf } from './image-jobs/queue-position.ts';
import { endOverdueJobs } from './image-jobs/sweep.ts';
import { setLikeFor } from './likes/set-like.ts';
import { markNotificationsRead as markNotificationsReadFor } from './notifications/mark-read.ts';
import { rollUpOps as rollUpOpsFor } from './ops/rollup.ts';
import { answerPing } from './ping.ts';
import { setOwnPostHiddenFor } from './posts/set-own-hidden.ts';
import { claimUsernameFor } from './profiles/claim-username.ts';
import { updateProfileFor } from './profiles/update-profile.ts';
import { reportPost as reportPostFor } from './reports/report-post.ts';
import { serviceScalerFromEnv, type ServiceScaler } from './run-admin.ts';
import { acceptVideoJob } from './video-jobs/create.ts';
import { discardVideoFor, publishVideoFor } from './video-jobs/drafts.ts';
import { createImageTaskEnqueuer, imageTaskTargetFromEnv, tasksEmulatorHostFromEnv } from './task-queue.ts';
import { createCloudTasksClient } from '@phoenix/server';

initializeApp();
setGlobalOptions({ region: 'us-central1', maxInstances: 10 });

/** One queue client per instance, made on the first enqueue: image and video tasks. */
const imageTasks = createImageTaskEnqueuer({
  target: () => imageTaskTargetFromEnv(),
  client: () => createCloudTasksClient(tasksEmulatorHostFromEnv()),
});

/** One Run Admin client per instance, made on first use. */
let scaler: ServiceScaler | undefined;
const serviceScaler = (): ServiceScaler => (scaler ??= serviceScalerFromEnv());

export const ping = signedInCallable(answerPing);

/**
 * Opens the caller's account and, once per verified email address, gives the
 * starting grant; answers the balance and what became of the grant.
 */
export const ensureAccount = signedInCallable((uid, _data, token) =>
  ensureAccountFor(getFirestore(), { uid, token }),
);

export const createImageJob = signedInCallable((uid, data) =>
  acceptImageJob({ db: getFirestore(), queue: imageTasks, budget: { scaler: serviceScaler() } }, uid, data),
);

/** Starts a Veo video on the shared accept path; the video worker submits, polls and finishes it. */
export const createVideoJob = signedInCallable((uid, data) =>
  acceptVideoJob({ db: getFirestore(), queue: imageTasks, budget: { scaler: serviceScaler() } }, uid, data),
);

/** Publishes the caller's finished video draft to the feed, once. */
export const publishVideo = signedInCallable((uid, data) => publishVideoFor(getFirestore(), uid, data));

/** Discards the caller's finished, unpublished draft; the video worker deletes its media. */
export const discardVideo = signedInCallable((uid, data) =>
  discardVideoFor({ db: getFirestore(), media: imageTasks }, uid, data),
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

/** Alerts, budget level, scale-down and restore, and webhook retries, for when no accept looked. */
export const checkBudgetSchedule = onSchedule(
  { schedule: budgetCheckSchedule, timeoutSeconds: 120 },
  async () => {
    await runScheduledBudgetCheck({ db: getFirestore(), scaler: serviceScaler() });
  },
);

/** Popular prompt terms and most-remixed posts for the admin console (`analytics/*`). */
export const rollUpAnalytics = onSchedule({ schedule: analyticsSchedule, timeoutSeconds: 300 }, async () => {
  await rollUpAnalyticsFor(getFirestore());
});

/** Latency histograms, the job error rate and queue depths of the last hour for the Ops tab (`ops/latest`). */
export const rollUpOps = onSchedule({ schedule: opsSchedule, timeoutSeconds: 120 }, async () => {
  await rollUpOpsFor(getFirestore());
});

// Admin callables: each refuses a caller without the admin claim before reading the request.

/** Changes any of the limits; the budget watcher acts on a new cap at once. */
export const updateLimits = adminCallable((_uid, data) =>
  updateLimitsFor({ db: getFirestore(), scaler: serviceScaler() }, data),
);

/** Turns a model on or off, retires it, reprices it or makes it the default. */
export const updateModel = adminCallable((_uid, data) => updateModelFor(getFirestore(), data));

/** The month's cap, reserved, settled and remaining spend in micro-USD, and its alerts. */
export const getSpendSummary = adminCallable((_uid, data) => spendSummaryFor(getFirestore(), data));

/** Gives a user tokens, with a reason they see in their history. */
export const grantTokens = adminCallable((_uid, data) => grantTokensFor(getFirestore(), getAuth(), data));

/** Finds a user by email address or username. */
export const findUser = adminCallable((_uid, data) => findUserFor(getFirestore(), getAuth(), data));

/** Restores a hidden post, or hides one for good, telling its owner why. */
export const setPostHidden = adminCallable((_uid, data) => setPostHiddenFor(getFirestore(), data));

/** Sets a Cloud Run service's max instances through the Run Admin API. */
export const setServiceMaxInstances = adminCallable((uid, data) =>
  setServiceMaxInstancesFor(getFirestore(), serviceScaler(), uid, data),
);

/** Each Cloud Run service's max instances, as the Run Admin API reports them. */
export const getServiceMaxInstances = adminCallable(() => serviceMaxInstances(serviceScaler()));
