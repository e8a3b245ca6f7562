/**
 * Fault injection, decided purely from data so it can be tested without a
 * server: process-wide settings, a per-request header, and directives typed
 * into the prompt (so someone using the app in a browser can trigger them).
 *
 * Directive grammar (header `x-fake-fault`, env `VERTEX_FAKE_FAULTS`, and
 * `[fake: …]` inside a prompt): comma- or semicolon-separated items
 *   latency=<ms> | status=<http code> | block | filter=<n> | veo-ms=<ms> | veo-fail
 * plus, for process settings only, `times=<n>` (how many requests `status` hits).
 */

/** Process-wide fault settings; every field has a default in {@link DEFAULT_FAULT_SETTINGS}. */
export interface FaultSettings {
  /** Delay before a model request is answered, in milliseconds. Default 0. */
  latencyMs: number;
  /** HTTP status (e.g. 429, 500, 503) that model requests fail with; null for none. Default null. */
  errorStatus: number | null;
  /** How many requests `errorStatus` still applies to before it clears; null means every request. Default null. */
  errorCount: number | null;
  /** Treat every prompt as blocked by the safety filter. Default false. */
  blockAll: boolean;
  /** Case-insensitive words that get a prompt blocked. Default `['forbidden']`. */
  blockedWords: string[];
  /** Outputs dropped from each generation response, as the output safety filter would. Default 0. */
  filterCount: number;
  /** Time from `:predictLongRunning` until the operation may be done, in milliseconds. Default 2000. */
  veoDurationMs: number;
  /** Veo operations finish with an INTERNAL error instead of videos. Default false. */
  veoFail: boolean;
}

export const DEFAULT_FAULT_SETTINGS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  errorStatus: null,
  errorCount: null,
  blockAll: false,
  blockedWords: ['forbidden'],
  filterCount: 0,
  veoDurationMs: 2000,
  veoFail: false,
});

/** What one request may override; counts and word lists stay process-wide. */
export type RequestFaults = Partial<
  Pick<FaultSettings, 'latencyMs' | 'errorStatus' | 'blockAll' | 'filterCount' | 'veoDurationMs' | 'veoFail'>
>;

/** The faults that apply to one request, after all sources are merged. */
export interface FaultDecision {
  latencyMs: number;
  /** Answer with this HTTP status instead of doing the work; null to proceed. */
  errorStatus: number | null;
  /** The error came from a counted process setting, so the caller must decrement `errorCount`. */
  consumesProcessError: boolean;
  /** The prompt is rejected by the input safety filter. Always false for non-generating requests. */
  blocked: boolean;
  /** Outputs to drop. Always 0 for non-generating requests. */
  filterCount: number;
  veoDurationMs: number;
  veoFail: boolean;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

const PROMPT_DIRECTIVE = /\[fake:([^\]]*)\]/gi;

function parseNonNegativeInt(key: string, raw: string | undefined): ParseResult<number> {
  if (raw === undefined || !/^\d+$/.test(raw)) {
    return {
      ok: false,
      problem: `fault directive "${key}" needs a non-negative integer, got ${JSON.stringify(raw ?? '')}`,
    };
  }
  return { ok: true, value: Number(raw) };
}

function parseHttpErrorStatus(raw: string | undefined): ParseResult<number> {
  const parsed = parseNonNegativeInt('status', raw);
  if (!parsed.ok) return parsed;
  if (parsed.value < 400 || parsed.value > 599) {
    return {
      ok: false,
      problem: `fault directive "status" must be an HTTP error status 400-599, got ${parsed.value}`,
    };
  }
  return parsed;
}

function parseFlag(key: string, raw: string | undefined): ParseResult<boolean> {
  if (raw === undefined || raw === 'true' || raw === '1') return { ok: true, value: true };
  if (raw === 'false' || raw === '0') return { ok: true, value: false };
  return {
    ok: false,
    problem: `fault directive "${key}" takes no value or true/false, got ${JSON.stringify(raw)}`,
  };
}

type DirectiveParser = (key: string, raw: string | undefined) => ParseResult<number | boolean>;

/** Each directive word, the setting it fills, and how its value is read. */
const DIRECTIVES: Record<string, { setting: keyof FaultSettings; parse: DirectiveParser }> = {
  latency: { setting: 'latencyMs', parse: parseNonNegativeInt },
  status: { setting: 'errorStatus', parse: (_key, raw) => parseHttpErrorStatus(raw) },
  times: { setting: 'errorCount', parse: parseNonNegativeInt },
  block: { setting: 'blockAll', parse: parseFlag },
  filter: { setting: 'filterCount', parse: parseNonNegativeInt },
  'veo-ms': { setting: 'veoDurationMs', parse: parseNonNegativeInt },
  'veo-fail': { setting: 'veoFail', parse: parseFlag },
};

/**
 * Parses directive text into settings. `scope: 'request'` refuses `times`,
 * which only makes sense for a process-wide error budget.
 */
export function parseFaultDirectives(
  text: string,
  scope: 'process' | 'request',
): ParseResult<Partial<FaultSettings>> {
  const result: Record<string, unknown> = {};
  for (const item of text.split(/[,;]/)) {
    const trimmed = item.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const key = (eq === -1 ? trimmed : trimmed.slice(0, eq)).trim().toLowerCase();
    const raw = eq === -1 ? undefined : trimmed.slice(eq + 1).trim();
    const directive = Object.hasOwn(DIRECTIVES, key) ? DIRECTIVES[key] : undefined;
    if (!directive) return { ok: false, problem: `unknown fault directive "${key}"` };
    if (key === 'times' && scope === 'request') {
      return { ok: false, problem: 'fault directive "times" only applies to process settings' };
    }
    const parsed = directive.parse(key, raw);
    if (!parsed.ok) return parsed;
    result[directive.setting] = parsed.value;
  }
  return { ok: true, value: result as Partial<FaultSettings> };
}

/** Collects every `[fake: …]` directive in a prompt into one directive string. */
export function promptDirectiveText(prompt: string): string {
  return [...prompt.matchAll(PROMPT_DIRECTIVE)].map((match) => match[1] ?? '').join(',');
}

function containsBlockedWord(prompt: string, blockedWords: readonly string[]): boolean {
  const lower = prompt.toLowerCase();
  return blockedWords.some((word) => word.trim() !== '' && lower.includes(word.trim().toLowerCase()));
}

export interface FaultInput {
  settings: Readonly<FaultSettings>;
  /** Raw `x-fake-fault` header value, if any. */
  header?: string | undefined;
  /** All prompt text of the request; empty for polls. */
  prompt?: string | undefined;
  /** False for requests that produce nothing (operation polls): blocking and filtering do not apply. */
  generates: boolean;
}

/**
 * Merges process settings, prompt directives and the header (later wins) into
 * the faults for one request. A malformed header or directive is a problem
 * for the caller to report as INVALID_ARGUMENT, so typos do not pass silently.
 */
export function decideFault(input: FaultInput): ParseResult<FaultDecision> {
  const prompt = input.prompt ?? '';
  const fromPrompt = parseFaultDirectives(promptDirectiveText(prompt), 'request');
  if (!fromPrompt.ok) return fromPrompt;
  const fromHeader = parseFaultDirectives(input.header ?? '', 'request');
  if (!fromHeader.ok) return fromHeader;
  const perRequest: RequestFaults = { ...fromPrompt.value, ...fromHeader.value };

  const { settings } = input;
  const processErrorActive =
    settings.errorStatus !== null && (settings.errorCount === null || settings.errorCount > 0);
  const errorStatus = perRequest.errorStatus ?? (processErrorActive ? settings.errorStatus : null);
  const blocked =
    input.generates &&
    (perRequest.blockAll ?? (settings.blockAll || containsBlockedWord(prompt, settings.blockedWords)));

  return {
    ok: true,
    value: {
      latencyMs: perRequest.latencyMs ?? settings.latencyMs,
      errorStatus,
      consumesProcessError:
        perRequest.errorStatus === undefined && processErrorActive && settings.errorCount !== null,
      blocked,
      filterCount: input.generates ? (perRequest.filterCount ?? settings.filterCount) : 0,
      veoDurationMs: perRequest.veoDurationMs ?? settings.veoDurationMs,
      veoFail: perRequest.veoFail ?? settings.veoFail,
    },
  };
}

/**
 * Validates a JSON patch for the process settings (from `POST /_fake/config`
 * or `configure()`), so a bad value is refused instead of half-applied.
 */
export function parseFaultSettingsPatch(value: unknown): ParseResult<Partial<FaultSettings>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'fault settings must be a JSON object' };
  }
  const patch: Partial<FaultSettings> = {};
  const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case 'latencyMs':
      case 'filterCount':
      case 'veoDurationMs':
        if (!isCount(v)) return { ok: false, problem: `${key} must be a non-negative integer` };
        patch[key] = v;
        break;
      case 'errorStatus':
        if (v !== null && !(isCount(v) && v >= 400 && v <= 599)) {
          return { ok: false, problem: 'errorStatus must be null or an HTTP status 400-599' };
        }
        patch.errorStatus = v;
        break;
      case 'errorCount':
        if (v !== null && !isCount(v))
          return { ok: false, problem: 'errorCount must be null or a non-negative integer' };
        patch.errorCount = v;
        break;
      case 'blockAll':
      case 'veoFail':
        if (typeof v !== 'boolean') return { ok: false, problem: `${key} must be a boolean` };
        patch[key] = v;
        break;
      case 'blockedWords':
        if (!Array.isArray(v) || !v.every((w) => typeof w === 'string')) {
          return { ok: false, problem: 'blockedWords must be an array of strings' };
        }
        patch.blockedWords = [...v];
        break;
      default:
        return { ok: false, problem: `unknown fault setting "${key}"` };
    }
  }
  return { ok: true, value: patch };
}
