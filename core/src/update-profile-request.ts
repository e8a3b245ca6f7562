// Apart from profiles.ts so pages that only show profiles (the explore page among them) do not load zod.
import { z } from 'zod';
import { isStorableText, unstorableTextMessage } from './firestore-limits.ts';
import { BIO_MAX_LENGTH } from './profiles.ts';

export const updateProfileRequestSchema = z
  .object({
    bio: z
      .string('The bio must be text.')
      .trim()
      // Counted in code points, so an emoji is one character as the user sees it.
      .refine((bio) => [...bio].length <= BIO_MAX_LENGTH, `Keep the bio to ${BIO_MAX_LENGTH} characters.`)
      .refine(isStorableText, unstorableTextMessage)
      .optional(),
  })
  .strict();

export type UpdateProfileRequest = z.output<typeof updateProfileRequestSchema>;

export interface UpdateProfileResponse {
  /** The bio now on the profile; null when cleared. */
  bio: string | null;
}
