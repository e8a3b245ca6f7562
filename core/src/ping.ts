import { z } from 'zod';
import { isStorableText, unstorableTextMessage } from './firestore-limits.ts';

/**
 * `ping` proves the wiring from a signed-in browser through the Functions
 * emulator: it echoes the caller's uid and an optional short message.
 */
export const pingRequestSchema = z
  .object({
    echo: z.string().trim().max(200).refine(isStorableText, unstorableTextMessage).optional(),
  })
  .strict();

export type PingRequest = z.infer<typeof pingRequestSchema>;

export interface PingResponse {
  uid: string;
  echo: string | null;
  /** Server time, ISO 8601. */
  at: string;
}

export function buildPingResponse(uid: string, request: PingRequest, now: Date): PingResponse {
  return { uid, echo: request.echo ?? null, at: now.toISOString() };
}
