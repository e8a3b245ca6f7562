// Apart from notifications.ts so the layout's notification bell does not load zod.
import { z } from 'zod';

/**
 * `markNotificationsRead`: `upTo` is epoch ms (everything updated at or
 * before it is read); without it, everything up to now is read.
 */
export const markNotificationsReadRequestSchema = z
  .object({ upTo: z.number().int().nonnegative().max(8_640_000_000_000_000).optional() })
  .strict();

export type MarkNotificationsReadRequest = z.infer<typeof markNotificationsReadRequestSchema>;

export interface MarkNotificationsReadResponse {
  /** The marker now stored, in epoch ms. */
  readUpTo: number;
}
