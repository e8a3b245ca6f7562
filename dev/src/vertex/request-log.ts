import type { IncomingMessage, ServerResponse } from 'node:http';
import { GoogleApiError } from './errors.ts';
import { sendJson } from './http-io.ts';
import { InFlightGauge } from './in-flight.ts';
import type { JsonObject } from './json-fields.ts';
import type { ModelRoute } from './routes.ts';

/** One model request as the fake saw it, so a test can tell which path and location a client used. */
export interface RecordedRequest {
  apiVersion: 'v1' | 'v1beta1';
  project: string;
  location: string;
  model: string;
  /** The `:{method}` suffix as sent. */
  method: string;
  /** The HTTP status the fake answered. */
  status: number;
  /** The start of the prompt of a generating call ('' for polls), so a test can count one job's calls. */
  prompt: string;
  /** `parameters.storageUri` of a generating call that named an output bucket. */
  storageUri?: string;
}

/** Requests kept for `requests()` and `GET /_fake/requests`; older ones are dropped. */
const RECORDED_REQUESTS_KEPT = 1000;

/** The model requests answered so far, and the most that were in flight at once. */
export class RequestLog {
  #recorded: RecordedRequest[] = [];
  readonly #inFlight = new InFlightGauge();

  arrived(): void {
    this.#inFlight.enter();
  }

  /** Records a request that `arrived()`, from its route and the prompt and storageUri its log fields hold. */
  answered(route: ModelRoute, status: number, logFields: JsonObject): void {
    const { apiVersion, project, location, model, rawMethod } = route;
    const prompt = String(logFields['prompt'] ?? '');
    const storageUri = logFields['storageUri'];
    const entry: RecordedRequest = {
      apiVersion,
      project,
      location,
      model,
      method: rawMethod,
      status,
      prompt,
    };
    this.#recorded.push(typeof storageUri === 'string' ? { ...entry, storageUri } : entry);
    if (this.#recorded.length > RECORDED_REQUESTS_KEPT) {
      this.#recorded = this.#recorded.slice(-RECORDED_REQUESTS_KEPT);
    }
    this.#inFlight.leave();
  }

  /** Copies, oldest first. */
  requests(): RecordedRequest[] {
    return this.#recorded.map((entry) => ({ ...entry }));
  }

  get maxInFlight(): number {
    return this.#inFlight.highWater;
  }

  /** Forgets the recorded requests and starts a new in-flight high-water mark. */
  clear(): void {
    this.#recorded = [];
    this.#inFlight.reset();
  }
}

/** `GET|DELETE /_fake/requests`: list or forget the recorded requests. */
export function answerRequestLog(req: IncomingMessage, res: ServerResponse, log: RequestLog): number {
  if (req.method === 'GET') {
    sendJson(res, 200, { requests: log.requests(), maxInFlight: log.maxInFlight });
  } else if (req.method === 'DELETE') {
    log.clear();
    sendJson(res, 200, { requests: [], maxInFlight: log.maxInFlight });
  } else {
    throw new GoogleApiError(404, `Method ${req.method} is not supported on /_fake/requests.`);
  }
  return 200;
}
