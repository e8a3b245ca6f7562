// Kept free of zod so the explore page can tell an admin without loading the admin request schemas.
import { PhoenixError } from './errors.ts';

/** The custom claim that makes a user an admin. */
export const adminClaim = 'admin';

export function isAdminToken(token: Readonly<Record<string, unknown>> | undefined): boolean {
  return token?.[adminClaim] === true;
}

export function assertAdmin(token: Readonly<Record<string, unknown>> | undefined): void {
  if (!isAdminToken(token)) {
    throw new PhoenixError('permission_denied', 'Only Phoenix admins can do this.');
  }
}
