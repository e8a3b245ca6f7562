/**
 * At-least-once delivery on demand: Cloud Tasks may deliver a task more than
 * once, and overlapping duplicates are what idempotent targets must survive.
 * With `duplicateDeliveries` N, every attempt goes out N times at once; the
 * first copy's answer decides the attempt, the others are only counted.
 */
import type { FaultSwitch, ParseResult } from '../test-support/fault-switch.ts';
import type { AttemptOutcome } from './http-attempt.ts';

/** Enough for any overlap a test wants; more would only flood the target. */
export const maxDuplicateDeliveries = 10;

/** Copies sent per attempt: 1 (no duplicates) to {@link maxDuplicateDeliveries}. */
export function parseDuplicateDeliveries(value: unknown): ParseResult<number> {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > maxDuplicateDeliveries)
    return {
      ok: false,
      problem: `duplicateDeliveries must be a whole number from 1 to ${maxDuplicateDeliveries}, got ${JSON.stringify(value)}`,
    };
  return { ok: true, value: value as number };
}

/** Validates a POSTed switch, `{"duplicateDeliveries": 3}`. */
export function parseDeliveryFaults(body: unknown): ParseResult<{ duplicateDeliveries: number }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, problem: 'expected a JSON object like {"duplicateDeliveries": 3}' };
  const unknown = Object.keys(body).filter((key) => key !== 'duplicateDeliveries');
  if (unknown.length > 0)
    return { ok: false, problem: `unknown field "${unknown[0]}"; the only field is duplicateDeliveries` };
  const parsed = parseDuplicateDeliveries((body as { duplicateDeliveries?: unknown }).duplicateDeliveries);
  return parsed.ok ? { ok: true, value: { duplicateDeliveries: parsed.value } } : parsed;
}

/** What became of the copies beyond the first. */
export interface ExtraDeliveryCounts {
  sent: number;
  /** Answered 2xx. */
  succeeded: number;
  /** Answered otherwise, ran past the deadline, or could not reach the target. */
  failed: number;
}

export const noExtraDeliveries: ExtraDeliveryCounts = Object.freeze({ sent: 0, succeeded: 0, failed: 0 });

/** Counts one extra copy's end; one cut short by shutdown counts as neither. */
export function countExtraOutcome(counts: ExtraDeliveryCounts, outcome: AttemptOutcome): ExtraDeliveryCounts {
  if (outcome.kind === 'cancelled') return counts;
  const succeeded = outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300;
  return succeeded
    ? { ...counts, succeeded: counts.succeeded + 1 }
    : { ...counts, failed: counts.failed + 1 };
}

/** The run-time setting and its counters, behind the emulator's fault switch. */
export class DeliveryFaults implements FaultSwitch {
  readonly #startCopies: number;
  #copies: number;
  #extra: ExtraDeliveryCounts = noExtraDeliveries;

  constructor(startCopies = 1) {
    const parsed = parseDuplicateDeliveries(startCopies);
    if (!parsed.ok) throw new Error(parsed.problem);
    this.#startCopies = parsed.value;
    this.#copies = parsed.value;
  }

  /** Copies each attempt sends now. */
  get copies(): number {
    return this.#copies;
  }

  state(): { duplicateDeliveries: number; extraDeliveries: ExtraDeliveryCounts } {
    return { duplicateDeliveries: this.#copies, extraDeliveries: { ...this.#extra } };
  }

  apply(body: unknown): ParseResult<unknown> {
    const parsed = parseDeliveryFaults(body);
    if (parsed.ok) this.#copies = parsed.value.duplicateDeliveries;
    return parsed;
  }

  /** Back to the setting the emulator started with; counters at zero. */
  clear(): void {
    this.#copies = this.#startCopies;
    this.#extra = noExtraDeliveries;
  }

  extraSent(count: number): void {
    this.#extra = { ...this.#extra, sent: this.#extra.sent + count };
  }

  extraEnded(outcome: AttemptOutcome): void {
    this.#extra = countExtraOutcome(this.#extra, outcome);
  }
}
