import type { IncomingMessage, ServerResponse } from 'node:http';
import { GoogleApiError } from './errors.ts';
import { DEFAULT_FAULT_SETTINGS, parseFaultSettingsPatch, type FaultSettings } from './faults.ts';
import { readJsonObject, sendJson } from './http-io.ts';

/**
 * The faults that apply to every request of the process: the ones the fake
 * started with, as changed in process (`configure`) or over HTTP
 * (`/_fake/config`) since, until a reset puts the starting ones back.
 */
export class ProcessFaults {
  readonly #initial: FaultSettings;
  #settings: FaultSettings;

  /** Throws on invalid starting faults. */
  constructor(initial: Partial<FaultSettings> = {}) {
    const parsed = parseFaultSettingsPatch(initial);
    if (!parsed.ok) throw new Error(`invalid faults option: ${parsed.problem}`);
    this.#initial = { ...DEFAULT_FAULT_SETTINGS, ...parsed.value };
    this.#settings = this.#starting();
  }

  /** The settings a request's fault decision reads. */
  get current(): FaultSettings {
    return this.#settings;
  }

  snapshot(): FaultSettings {
    return { ...this.#settings, blockedWords: [...this.#settings.blockedWords] };
  }

  /** Merges a patch and returns the result; invalid values throw `invalid(problem)`. */
  configure(patch: unknown, invalid = (problem: string): Error => new Error(problem)): FaultSettings {
    const parsed = parseFaultSettingsPatch(patch);
    if (!parsed.ok) throw invalid(parsed.problem);
    this.#settings = { ...this.#settings, ...parsed.value };
    return this.snapshot();
  }

  reset(): FaultSettings {
    this.#settings = this.#starting();
    return this.snapshot();
  }

  /** One of the `times=<n>` injected errors was answered: n counts down to 0. */
  spendError(): void {
    const { errorCount } = this.#settings;
    if (errorCount !== null) this.#settings = { ...this.#settings, errorCount: Math.max(0, errorCount - 1) };
  }

  #starting(): FaultSettings {
    return { ...this.#initial, blockedWords: [...this.#initial.blockedWords] };
  }
}

/** `GET|POST|DELETE /_fake/config`: read, patch or reset the process faults. */
export async function answerFaultConfig(
  req: IncomingMessage,
  res: ServerResponse,
  faults: ProcessFaults,
  maxBodyBytes: number,
): Promise<number> {
  if (req.method === 'GET') {
    sendJson(res, 200, faults.snapshot());
  } else if (req.method === 'POST') {
    const patch = await readJsonObject(req, maxBodyBytes);
    sendJson(
      res,
      200,
      faults.configure(patch, (problem) => new GoogleApiError(400, problem)),
    );
  } else if (req.method === 'DELETE') {
    sendJson(res, 200, faults.reset());
  } else {
    throw new GoogleApiError(404, `Method ${req.method} is not supported on /_fake/config.`);
  }
  return 200;
}
