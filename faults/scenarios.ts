import type { Firestore } from 'firebase-admin/firestore';
import { paths, type JobDoc } from '@phoenix/core';
import type { Stack } from '../dev/src/stack/launch.ts';
import { runAcceptBurstWithKill } from './accept-burst.ts';
import { stackFaults } from './switches.ts';
import type { WorkloadShape } from './workload.ts';

export interface ScenarioContext {
  stack: Stack;
  db: Firestore;
  env: Record<string, string>;
  /** The scenario's jobs, once the workload has made them. */
  jobIds: () => string[];
  uids: () => string[];
}

export interface Scenario {
  name: string;
  shape: WorkloadShape;
  /** Switches the fault on before the workload starts; answers a way to read what it injected. */
  before?(context: ScenarioContext): Promise<void>;
  /** Injects the fault while the workload runs; answers how many faults it injected. */
  during?(context: ScenarioContext): Promise<number>;
  /** Switches the fault off once every job ended; answers how many faults were injected, if `during` could not count them. */
  after?(context: ScenarioContext): Promise<number>;
  /** Replaces the usual workload (the accept burst makes its own), with its own checks and fault count. */
  workload?(
    context: ScenarioContext,
  ): Promise<{ uids: string[]; jobIds: string[]; checks: string[]; faults: number }>;
}

/** A seeded pick, so a run can be repeated: `FAULTS_SEED` sets it, and the suite prints it. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Resolves once any of the scenario's jobs satisfies `test` (a live listener each, never a sleep). */
export function whenAnyJob(context: ScenarioContext, test: (job: JobDoc) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const stops = context.jobIds().map((jobId) =>
      context.db.doc(paths.job(jobId)).onSnapshot((snapshot) => {
        const job = snapshot.data() as JobDoc | undefined;
        if (job && test(job)) {
          for (const stop of stops) stop();
          resolve();
        }
      }),
    );
  });
}

/** Sends `signal` to a stack part's whole process group (the supervisor restarts a stateless part). */
export function signalPart(stack: Stack, name: string, signal: NodeJS.Signals): void {
  const child = stack.children.find((candidate) => candidate.name === name);
  if (!child?.process.pid) throw new Error(`no running ${name} in the stack`);
  process.kill(-child.process.pid, signal);
}

export function scenarios(seed: number): Scenario[] {
  const random = seededRandom(seed);
  let directed = 0;
  /** A seeded pick of a fault directive; each one picked is a fault injected. */
  const pick = (directives: readonly string[]): string => {
    const directive = directives[Math.floor(random() * directives.length)]!;
    if (directive) directed += 1;
    return directive;
  };
  return [
    {
      name: 'image service SIGKILLed mid-job',
      shape: { imageDirective: () => '[fake: latency=2500]' },
      async during(context) {
        await whenAnyJob(context, (job) => job.kind === 'image' && job.status === 'running');
        signalPart(context.stack, 'image', 'SIGKILL');
        return 1;
      },
    },
    {
      name: 'video worker SIGKILLed mid-poll',
      shape: { videoUsers: 2, videoDirective: () => '[fake: veo-ms=6000]' },
      async during(context) {
        await whenAnyJob(context, (job) => job.kind === 'video' && job.phase === 'generating');
        signalPart(context.stack, 'video', 'SIGKILL');
        return 1;
      },
    },
    {
      name: 'R2 failing puts (500s, then resets)',
      shape: {},
      before: (context) => stackFaults(context.env).r2({ putFailures: 4, mode: '500' }),
      async during(context) {
        const faults = stackFaults(context.env);
        // Resets follow once the 500s are spent, so both kinds hit uploads in flight.
        await faults.r2Spent(60_000);
        await faults.r2({ putFailures: 3, mode: 'reset' });
        await faults.r2Spent(60_000);
        return 0;
      },
      async after(context) {
        const faults = stackFaults(context.env);
        const injected = await faults.r2Injected();
        await faults.r2Clear();
        return injected;
      },
    },
    {
      name: 'Firestore paused after the model call',
      shape: { imageDirective: () => '[fake: latency=2000]' },
      async during(context) {
        await whenAnyJob(context, (job) => job.kind === 'image' && job.status === 'running');
        signalPart(context.stack, 'firestore', 'SIGSTOP');
        // The pause is the fault itself: Firestore unreachable while the model answers.
        await new Promise((resolve) => setTimeout(resolve, 4_000));
        signalPart(context.stack, 'firestore', 'SIGCONT');
        return 1;
      },
    },
    {
      name: 'Vertex 429, 500, blocked and filtered at random',
      shape: {
        users: 5,
        videoUsers: 2,
        imageDirective: () =>
          pick(['[fake: status=429]', '[fake: status=500]', '[fake: block]', '[fake: filter=1]', '']),
        videoDirective: () => pick(['[fake: veo-fail]', '[fake: filter=1]', '']),
      },
      after: async () => directed,
    },
    {
      name: 'Cloud Tasks delivering every task 3 times',
      shape: {},
      before: (context) => stackFaults(context.env).tasks({ duplicateDeliveries: 3 }),
      async after(context) {
        const faults = stackFaults(context.env);
        const extra = await faults.tasksExtraDeliveries();
        await faults.tasksClear();
        return extra;
      },
    },
    {
      name: 'accepting instance killed mid-burst',
      shape: {},
      workload: (context) => runAcceptBurstWithKill(context.env),
    },
  ];
}
