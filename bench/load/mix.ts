/**
 * What each arrival does, and the seeded randomness that picks it, so a run
 * can be repeated arrival for arrival.
 */

export const operations = ['feed', 'like', 'image', 'video', 'admin'] as const;
export type Operation = (typeof operations)[number];

/**
 * The mix, in arrivals out of 100. Most traffic is people browsing the
 * explore feed; likes are the commonest write; generations are rarer, videos
 * rarer still (they hold a worker for tens of seconds); admins read the
 * console now and then.
 */
export const defaultMix: Record<Operation, number> = {
  feed: 45,
  like: 30,
  image: 15,
  video: 2,
  admin: 8,
};

/** How long a feed visitor stays on the page before leaving, in ms. */
export const visitStayMs = { min: 5_000, max: 15_000 } as const;

/** A uniform random number in [0, 1). */
export type Random = () => number;

/** Mulberry32: small, fast and good enough to pick a mix; the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks an operation with probability proportional to its weight. */
export function pickOperation(random: Random, mix: Record<Operation, number> = defaultMix): Operation {
  const total = operations.reduce((sum, operation) => sum + Math.max(0, mix[operation]), 0);
  if (total <= 0) throw new Error('the mix has no positive weight');
  let left = random() * total;
  for (const operation of operations) {
    left -= Math.max(0, mix[operation]);
    if (left < 0) return operation;
  }
  return operations.findLast((operation) => mix[operation] > 0)!;
}

/** A visitor's stay, uniform between {@link visitStayMs}'s bounds. */
export function pickStayMs(random: Random): number {
  return visitStayMs.min + random() * (visitStayMs.max - visitStayMs.min);
}

/** One element of a non-empty list, uniformly. */
export function pickOne<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('nothing to pick from');
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]!;
}
