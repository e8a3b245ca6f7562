// Apart from usernames.ts so pages that only check names (the explore page's username dialog) do not load zod.
import { z } from 'zod';
import { checkUsername } from './usernames.ts';

export const claimUsernameRequestSchema = z
  .object({
    username: z
      .string('Pick a username.')
      .trim()
      .superRefine((username, context) => {
        const check = checkUsername(username);
        if (!check.ok) context.addIssue({ code: 'custom', message: check.message });
      }),
  })
  .strict();

export type ClaimUsernameRequest = z.output<typeof claimUsernameRequestSchema>;

export interface ClaimUsernameResponse {
  /** The display form now on the caller's profile. */
  username: string;
}
