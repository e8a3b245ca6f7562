import { videoRequestDefaults, type JobDoc } from '@phoenix/core';
import type { EmulatorEndpoints, PhoenixClient } from '../../dev/src/seed/phoenix-client.ts';
import { visitFeed } from './feed-visit.ts';
import type { LikeTargets } from './like-targets.ts';
import { pickOne, pickOperation, pickStayMs, seededRandom, type Operation } from './mix.ts';
import type { LikeObserver } from './observer.ts';
import { beforeDeadline, failureCode, jobEndingCode } from './outcomes.ts';
import { call, loadImageRequest, type LoadUser } from './population.ts';
import { RateRecorder, rateReport, type RateReport } from './report.ts';
import { arrivalOffsetsMs, RequestBudget, requestCap } from './schedule.ts';

/** Everything the arrivals act on; set up once, shared by every rate. */
export interface LoadWorld {
  endpoints: EmulatorEndpoints;
  users: readonly LoadUser[];
  admin: PhoenixClient;
  observer: LikeObserver;
  targets: LikeTargets;
}

export interface RateRun {
  rate: number;
  durationSeconds: number;
  drainSeconds: number;
  seed: number;
}

/** The cheapest video: 4 s without audio on the default model. */
const loadVideoRequest = { ...videoRequestDefaults, durationSeconds: 4, generateAudio: false } as const;

/** Fails a job that did not succeed, with the code it counts under. */
class JobDidNotSucceed extends Error {
  readonly code: string;
  constructor(job: JobDoc) {
    super(`job ended ${job.status}`);
    this.code = jobEndingCode(job);
  }
}

/**
 * Drives one rate: arrival i leaves at start + i / rate whatever happened to
 * earlier ones, picks its operation from the seeded mix and runs it without
 * being awaited. After the last arrival every operation may finish until the
 * drain deadline; one still open then counts as `timeout`.
 */
export async function runRate(world: LoadWorld, run: RateRun): Promise<RateReport> {
  const recorder = new RateRecorder();
  const mixRandom = seededRandom(run.seed);
  const pickRandom = seededRandom(run.seed ^ 0x9e3779b9);
  const offsets = arrivalOffsetsMs(run.rate, run.durationSeconds);
  const budget = new RequestBudget(requestCap(run.rate, run.durationSeconds));
  const startMs = performance.now() + 50;
  const deadlineMs = startMs + (run.durationSeconds + run.drainSeconds) * 1000;
  const inFlight: Promise<void>[] = [];
  let adminReads = 0;

  const operate = async (operation: Exclude<Operation, 'like'>, index: number): Promise<void> => {
    const name = `load-${run.rate}-${index}`;
    switch (operation) {
      case 'feed': {
        const stayMs = pickStayMs(pickRandom);
        recorder.latency('feedPaint', await visitFeed(world.endpoints, name, stayMs, deadlineMs));
        return;
      }
      case 'image':
      case 'video': {
        const { client } = pickOne(pickRandom, world.users);
        const started = performance.now();
        const jobId = await beforeDeadline(
          operation === 'image'
            ? client.createImageJob(loadImageRequest(`load: a lantern in fog, ${name}`))
            : client.createVideoJob({ ...loadVideoRequest, prompt: `load: waves at dusk, ${name}` }),
          deadlineMs,
          `${operation} accept`,
        );
        const acceptedAt = performance.now();
        recorder.latency('accept', acceptedAt - started);
        // Its own timeout a second later, so the drain deadline is what ends a job left open.
        const job = await beforeDeadline(
          client.jobEnded(jobId, deadlineMs - acceptedAt + 1_000),
          deadlineMs,
          `job ${jobId}`,
        );
        if (job.status !== 'succeeded') throw new JobDidNotSucceed(job);
        recorder.latency(operation === 'image' ? 'imageDone' : 'videoDone', performance.now() - acceptedAt);
        return;
      }
      case 'admin': {
        const started = performance.now();
        const read =
          adminReads++ % 2 === 0
            ? call(world.admin, 'getSpendSummary', {})
            : call(world.admin, 'findUser', { query: pickOne(pickRandom, world.users).email });
        await beforeDeadline(read, deadlineMs, 'admin read');
        recorder.latency('adminRead', performance.now() - started);
        return;
      }
    }
  };

  const like = async (post: string): Promise<void> => {
    const user = pickOne(pickRandom, world.users);
    const liked = world.targets.nextLiked(user.uid, post);
    const count = world.observer.count(post) + (liked ? 1 : -1);
    const started = performance.now();
    try {
      await beforeDeadline(user.client.setLike(post, liked), deadlineMs, 'setLike');
      await beforeDeadline(world.observer.seen(post, count), deadlineMs, `like count ${count} seen`);
    } catch (error) {
      world.targets.retire(post);
      throw error;
    }
    recorder.latency('likeSeen', performance.now() - started);
    world.targets.settled(user.uid, post, liked);
  };

  for (const [index, offset] of offsets.entries()) {
    const dueMs = startMs + offset;
    const wait = dueMs - performance.now();
    if (wait > 0) await new Promise((due) => setTimeout(due, wait));
    const operation = pickOperation(mixRandom);
    if (budget.exhausted) {
      recorder.skip('request-cap');
      continue;
    }
    const post = operation === 'like' ? world.targets.claim(pickRandom) : undefined;
    if (operation === 'like' && post === undefined) {
      recorder.skip('no-idle-post');
      continue;
    }
    budget.take();
    recorder.issued(operation, performance.now(), dueMs);
    const work = operation === 'like' ? like(post!) : operate(operation, index);
    inFlight.push(work.catch((error: unknown) => recorder.failed(operation, failureCode(error))));
  }
  // Every operation ends by the deadline; the margin is for closing apps, which should take no time.
  const stuck = new Promise((give) => setTimeout(give, deadlineMs + 30_000 - performance.now()).unref());
  await Promise.race([Promise.all(inFlight), stuck]);
  return rateReport(recorder, {
    rate: run.rate,
    durationSeconds: run.durationSeconds,
    scheduled: offsets.length,
    startMs,
  });
}
