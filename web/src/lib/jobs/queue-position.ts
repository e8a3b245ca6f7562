import { queueBoardLimits } from '@phoenix/core';

/**
 * When to ask the server to refresh a queued job's queue board. The place
 * itself arrives live through the board listener; an ask only keeps the
 * board fresh, so it comes at once and then at most
 * `queueBoardLimits.asksPerMinute` times a minute, and never while nobody
 * can see it (a hidden tab). Pure apart from the timers, the clock and the
 * visibility source it is handed, so it is tested without a browser.
 */
export const QUEUE_BOARD_ASK_INTERVAL_MS = 60_000 / queueBoardLimits.asksPerMinute;

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
  /** Epoch ms. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Asks at once, then every {@link QUEUE_BOARD_ASK_INTERVAL_MS}, until the job
 * leaves the queue or the returned stop is called. A hidden page makes no
 * ask; shown again, it asks once the interval since the last ask is over.
 */
export function pollQueuePosition(options: QueuePositionPollOptions): () => void {
  const { ask, onAhead } = options;
  const visibility = options.visibility ?? document;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? {
    set: (run: () => void, ms: number) => setTimeout(run, ms),
    clear: (timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  };
  let lastAskMs = -Infinity;
  let timer: unknown;
  let asking = false;
  let done = false;

  const hidden = () => visibility.visibilityState === 'hidden';
  const cancelTimer = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
  };
  const arm = () => {
    cancelTimer();
    if (done || asking || hidden()) return;
    timer = timers.set(run, Math.max(0, lastAskMs + QUEUE_BOARD_ASK_INTERVAL_MS - now()));
  };
  const finish = () => {
    done = true;
    cancelTimer();
    visibility.removeEventListener('visibilitychange', onVisibility);
  };

  async function run() {
    timer = undefined;
    asking = true;
    lastAskMs = now();
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
    arm();
  }

  function onVisibility() {
    if (hidden()) cancelTimer();
    else arm();
  }

  visibility.addEventListener('visibilitychange', onVisibility);
  arm();
  return finish;
}
