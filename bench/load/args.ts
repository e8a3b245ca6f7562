import { parseArgs } from 'node:util';

export interface LoadOptions {
  /** Arrivals per second, one run each, in this order. */
  rates: number[];
  /** Seconds of arrivals per rate. */
  durationSeconds: number;
  /** Seconds after the last arrival that work may still finish; what is left then counts as `timeout`. */
  drainSeconds: number;
  /** Seeds the mix and every random pick, so a run can be repeated. */
  seed: number;
  /** Signed-in users who like, generate and own the seed posts. */
  users: number;
  /** Image jobs of 4 images each that make the posts likes land on. */
  seedJobs: number;
}

export const defaultLoadOptions: LoadOptions = {
  rates: [1, 2, 4],
  durationSeconds: 60,
  drainSeconds: 120,
  seed: 1,
  users: 12,
  seedJobs: 3,
};

const usage =
  'usage: npm run load -- [--rates 1,2,4] [--duration 60] [--drain 120] [--seed 1] [--users 12] [--seed-jobs 3]';

function positive(name: string, text: string, whole: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value)))
    throw new Error(`--${name} must be a ${whole ? 'whole ' : ''}number above 0, not "${text}"\n${usage}`);
  return value;
}

export function parseLoadArgs(argv: readonly string[]): LoadOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rates: { type: 'string' },
      duration: { type: 'string' },
      drain: { type: 'string' },
      seed: { type: 'string' },
      users: { type: 'string' },
      'seed-jobs': { type: 'string' },
    },
    strict: true,
  });
  const rates =
    values.rates === undefined
      ? defaultLoadOptions.rates
      : values.rates.split(',').map((rate) => positive('rates', rate.trim(), false));
  if (rates.length === 0 || rates.length > 8) throw new Error(`--rates takes 1 to 8 rates\n${usage}`);
  if (Math.max(...rates) > 50)
    throw new Error(`--rates above 50/s would only measure this machine\n${usage}`);
  return {
    rates,
    durationSeconds:
      values.duration === undefined
        ? defaultLoadOptions.durationSeconds
        : positive('duration', values.duration, true),
    drainSeconds:
      values.drain === undefined ? defaultLoadOptions.drainSeconds : positive('drain', values.drain, true),
    seed: values.seed === undefined ? defaultLoadOptions.seed : positive('seed', values.seed, true),
    users: values.users === undefined ? defaultLoadOptions.users : positive('users', values.users, true),
    seedJobs:
      values['seed-jobs'] === undefined
        ? defaultLoadOptions.seedJobs
        : positive('seed-jobs', values['seed-jobs'], true),
  };
}
