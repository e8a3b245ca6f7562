/**
 * Which requests the R2 stand-in's proxy fails, decided from data alone: the
 * next `putFailures` object uploads fail in the chosen way, everything else
 * goes through to s3rver.
 */
import type { ParseResult } from '../test-support/fault-switch.ts';

/** `500`: S3's InternalError, without forwarding. `reset`: the connection drops without an answer. */
export type PutFailureMode = '500' | 'reset';
const putFailureModes: readonly PutFailureMode[] = ['500', 'reset'];

/** A POSTed switch: fail the next `putFailures` uploads this way. */
export interface PutFaultRequest {
  putFailures: number;
  mode: PutFailureMode;
}

export interface FaultPlan {
  /** Uploads still to fail. */
  putFailures: number;
  mode: PutFailureMode;
  /** Uploads failed so far, by mode. */
  injected: Record<PutFailureMode, number>;
  /** Uploads passed on to s3rver. */
  uploadsForwarded: number;
}

export const noFaults: FaultPlan = Object.freeze({
  putFailures: 0,
  mode: '500',
  injected: Object.freeze({ '500': 0, reset: 0 }),
  uploadsForwarded: 0,
});

/** Generous for any test, small enough to catch a unit mix-up. */
export const maxPutFailures = 10_000;

/** Validates a POSTed body: `{ putFailures: 0…10000, mode?: "500" | "reset" }` (mode defaults to "500"). */
export function parsePutFaultRequest(body: unknown): ParseResult<PutFaultRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, problem: 'expected a JSON object like {"putFailures": 2, "mode": "500"}' };
  const unknown = Object.keys(body).filter((key) => key !== 'putFailures' && key !== 'mode');
  if (unknown.length > 0)
    return { ok: false, problem: `unknown field "${unknown[0]}"; the fields are putFailures and mode` };
  const { putFailures, mode = '500' } = body as Record<string, unknown>;
  if (
    !Number.isInteger(putFailures) ||
    (putFailures as number) < 0 ||
    (putFailures as number) > maxPutFailures
  )
    return {
      ok: false,
      problem: `putFailures must be a whole number from 0 to ${maxPutFailures}, got ${JSON.stringify(putFailures)}`,
    };
  if (!putFailureModes.includes(mode as PutFailureMode))
    return { ok: false, problem: `mode must be "500" or "reset", got ${JSON.stringify(mode)}` };
  return { ok: true, value: { putFailures: putFailures as number, mode: mode as PutFailureMode } };
}

/** Replaces what is pending; the counters keep counting. */
export function withPutFaults(plan: FaultPlan, request: PutFaultRequest): FaultPlan {
  return { ...plan, putFailures: request.putFailures, mode: request.mode };
}

/** Query parameters that make a PUT on a key change its settings rather than its bytes. */
const settingSubresources = ['acl', 'tagging', 'retention', 'legal-hold'];

/**
 * An object upload (PutObject, UploadPart, CopyObject) in path-style
 * addressing, the style Phoenix uses with the stand-in: `PUT /{bucket}/{key}`.
 * Bucket operations (`PUT /{bucket}`, `PUT /{bucket}?cors`) are not.
 */
export function isObjectUpload(method: string, url: string): boolean {
  if (method !== 'PUT') return false;
  const target = new URL(url, 'http://stand-in');
  const [, bucket = '', ...key] = target.pathname.split('/');
  if (bucket === '' || key.join('/') === '') return false;
  return !settingSubresources.some((name) => target.searchParams.has(name));
}

export interface RequestDecision {
  /** How to fail this request; null to forward it. */
  fail: PutFailureMode | null;
  plan: FaultPlan;
}

export function decideRequest(plan: FaultPlan, method: string, url: string): RequestDecision {
  if (!isObjectUpload(method, url)) return { fail: null, plan };
  if (plan.putFailures === 0)
    return { fail: null, plan: { ...plan, uploadsForwarded: plan.uploadsForwarded + 1 } };
  return {
    fail: plan.mode,
    plan: {
      ...plan,
      putFailures: plan.putFailures - 1,
      injected: { ...plan.injected, [plan.mode]: plan.injected[plan.mode] + 1 },
    },
  };
}
