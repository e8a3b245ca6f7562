import type { ImageRequest } from '@phoenix/core';

/** Marks an answer line apart from the handler's own JSON log lines on the same stdout. */
export const answerPrefix = 'accept-answer ';

export interface BurstRequest {
  uid: string;
  requestId: string;
  request: ImageRequest;
}
