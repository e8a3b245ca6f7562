/** Canonical google.rpc status names by HTTP status, as Google APIs put them in `error.status`. */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** google.rpc.Code numbers, which long-running operations carry in `error.code` instead of HTTP statuses. */
export const RPC_CODE = { INVALID_ARGUMENT: 3, INTERNAL: 13 } as const;

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string };
}

export function statusName(httpStatus: number): string {
  return STATUS_NAMES[httpStatus] ?? (httpStatus >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
}

export function googleErrorBody(httpStatus: number, message: string): GoogleErrorBody {
  return { error: { code: httpStatus, message, status: statusName(httpStatus) } };
}

/** Thrown by handlers to answer with Google's error JSON; anything else thrown becomes a 500. */
export class GoogleApiError extends Error {
  readonly httpStatus: number;
  constructor(httpStatus: number, message: string) {
    super(message);
    this.name = 'GoogleApiError';
    this.httpStatus = httpStatus;
  }
}

export function invalidArgument(message: string): GoogleApiError {
  return new GoogleApiError(400, message);
}

/** Default messages for injected failures, worded like the live service's. */
export const INJECTED_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  429: 'Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.',
  500: 'Internal error encountered.',
  503: 'The service is currently unavailable.',
};

export function injectedErrorMessage(httpStatus: number): string {
  return INJECTED_ERROR_MESSAGES[httpStatus] ?? `Injected failure with HTTP status ${httpStatus}.`;
}

/** Imagen's wording for a prompt rejected by its input filter (HTTP 400). */
export const IMAGEN_BLOCKED_PROMPT_MESSAGE =
  "Image generation failed with the following error: The prompt could not be submitted. This prompt contains sensitive words that violate Google's Responsible AI practices. Try rephrasing the prompt. If you think this was an error, send feedback. Support codes: 42876398";

/** Veo reports the same input-filter rejection inside the finished operation. */
export const VEO_BLOCKED_PROMPT_MESSAGE =
  "The prompt could not be submitted. This prompt contains sensitive words that violate Google's Responsible AI practices. Try rephrasing the prompt. If you think this was an error, send feedback. Support codes: 15236754";

export function imagenFilteredReason(filtered: number): string {
  return `Your current safety filter threshold filtered out ${filtered} generated ${filtered === 1 ? 'image' : 'images'}. You will not be charged for blocked images. Try rephrasing the prompt. If you think this was an error, send feedback. Support codes: 58061214`;
}

export const VEO_FILTERED_REASON =
  "Unable to show generated videos. Some videos were filtered out because they violated Vertex AI's usage guidelines. You will not be charged for blocked videos. Try rephrasing the prompt. If you think this was an error, send feedback. Support codes: 58061214";
