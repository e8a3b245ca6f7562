import { describe, expect, it } from 'vitest';
import { PhoenixError } from './errors.ts';
import { assertTransition, canTransition, isTerminal, jobStatuses, type JobStatus } from './job-status.ts';

const allowed: [JobStatus, JobStatus][] = [
  ['queued', 'running'],
  ['queued', 'failed'],
  ['queued', 'canceled'],
  ['running', 'succeeded'],
  ['running', 'failed'],
];

const everyPair = jobStatuses.flatMap((from) =>
  jobStatuses.map((to) => [from, to] as [JobStatus, JobStatus]),
);
const refused = everyPair.filter(([from, to]) => !allowed.some(([a, b]) => a === from && b === to));

describe('job state machine', () => {
  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each(refused)('refuses %s → %s with invalid_transition', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(PhoenixError);
    try {
      assertTransition(from, to);
    } catch (error) {
      expect((error as PhoenixError).code).toBe('invalid_transition');
      expect((error as PhoenixError).message).toBe(`A ${from} job cannot become ${to}.`);
    }
  });

  it('covers all 25 pairs between the two lists', () => {
    expect(allowed.length + refused.length).toBe(25);
  });

  it('treats succeeded, failed and canceled as final', () => {
    expect(jobStatuses.filter(isTerminal)).toEqual(['succeeded', 'failed', 'canceled']);
  });
});
