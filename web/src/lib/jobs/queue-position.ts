/**
 * When to ask where a queued job stands in line. The place in line is a
 * nicety, so asking backs off while the answer stays the same, and stops
 * while nobody can see it (a hidden tab). Pure apart from the timers and the
 * visibility source it is handed, so it is tested without a browser or the
 * Firebase SDK.
 */

/**
 * Waits before each ask, in ms: the first ask comes 1 s after the job was
 * queued; every unchanged answer (or failed ask) moves one step along; a
 * changed answer moves back to 3 s. Past the end the last step (30 s) repeats.
 */
export const QUEUE_POSITION_DELAYS_MS = [1_000, 3_000, 5_000, 10_000, 20_000, 30_000] as const;

/** The step a changed answer returns to: 3 s, the rate while the line moves. */
const AFTER_CHANGE_STEP = 1;

/** Where the back-off stands: which delay comes next, and the last answer seen. */
export interface QueuePositionSchedule {
  step: number;
  /** Jobs ahead in the last answer; undefined before the first one. */
  ahead: number | undefined;
}

export const firstQueuePositionAsk: QueuePositionSchedule = { step: 0, ahead: undefined };

/** The wait before the next ask, in ms. */
export function queuePositionDelayMs(schedule: QueuePositionSchedule): number {
  return QUEUE_POSITION_DELAYS_MS[Math.min(schedule.step, QUEUE_POSITION_DELAYS_MS.length - 1)]!;
}

/**
 * The schedule after an ask: a changed answer resets the back-off, an
 * unchanged one (or a failed ask, `undefined`) steps it on.
 */
export function afterQueuePositionAnswer(
  schedule: QueuePositionSchedule,
  ahead: number | undefined,
): QueuePositionSchedule {
  if (ahead !== undefined && schedule.ahead !== undefined && ahead !== schedule.ahead) {
    return { step: AFTER_CHANGE_STEP, ahead };
  }
  return { step: schedule.step + 1, ahead: ahead ?? schedule.ahead };
}

/** Whether the page is seen, and a way to hear when that changes (e.g. `document`). */
export interface Visibility {
  readonly visibilityState: string;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export interface QueuePositionPollOptions {
  /** One ask: jobs ahead, or null once the job has left the queue. May throw. */
  ask: () => Promise<number | null>;
  /** Hears each answer; null (the job left the queue) is the last. */
  onAhead: (ahead: number | null) => void;
  /** Default: the global `document`. */
  visibility?: Visibility;
  /** Default: the global `setTimeout`/`clearTimeout`. */
  timers?: {
    set: (run: () => void, ms: number) => unknown;
    clear: (timer: unknown) => void;
  };
}

/**
 * Asks on {@link QUEUE_POSITION_DELAYS_MS} until the job leaves the queue or
 * the returned stop is called. While the page is hidden no ask is made;
 * when it shows again one is made at once, since the line may have moved.
 */
export function pollQueuePosition(options: QueuePositionPollOptions): () => void {
  const { ask, onAhead } = options;
  const visibility = options.visibility ?? document;
  const timers = options.timers ?? {
    set: (run: () => void, ms: number) => setTimeout(run, ms),
    clear: (timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  };
  let schedule = firstQueuePositionAsk;
  let timer: unknown;
  let asking = false;
  let done = false;

  const hidden = () => visibility.visibilityState === 'hidden';
  const cancelTimer = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
  };
  const arm = (ms: number) => {
    cancelTimer();
    if (!done && !asking && !hidden()) timer = timers.set(run, ms);
  };
  const finish = () => {
    done = true;
    cancelTimer();
    visibility.removeEventListener('visibilitychange', onVisibility);
  };

  async function run() {
    timer = undefined;
    asking = true;
    let answer: number | null | undefined;
    try {
      answer = await ask();
    } catch {
      answer = undefined;
    }
    asking = false;
    if (done) return;
    if (answer === null) {
      onAhead(null);
      finish();
      return;
    }
    if (answer !== undefined) onAhead(answer);
    schedule = afterQueuePositionAnswer(schedule, answer);
    arm(queuePositionDelayMs(schedule));
  }

  function onVisibility() {
    if (hidden()) cancelTimer();
    else arm(0);
  }

  visibility.addEventListener('visibilitychange', onVisibility);
  arm(queuePositionDelayMs(schedule));
  return finish;
}
