/**
 * The starting grant is given once per verified email address, not per
 * account, so deleting an account and signing up again mints nothing. The
 * grant is keyed on a hash of the normalized address (the adapter hashes it;
 * core stays free of crypto), which also keeps addresses out of the key.
 */

/** Mailbox providers that ignore dots in the local part. */
const dotInsensitiveDomains = new Set(['gmail.com', 'googlemail.com']);

/**
 * One spelling per mailbox: lowercased and trimmed, a `+tag` dropped, and for
 * Gmail the dots dropped and googlemail.com read as gmail.com, so the common
 * aliases of one inbox share one grant. Null for something that is not an
 * address.
 */
export function normalizeEmail(email: string): string | null {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return null;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  local = local.split('+')[0]!;
  if (dotInsensitiveDomains.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return local ? `${local}@${domain}` : null;
}

/** Who may receive the starting grant: a signed-in user whose address the provider verified. */
export function grantableEmail(token: { email?: unknown; email_verified?: unknown }): string | null {
  if (token.email_verified !== true || typeof token.email !== 'string') return null;
  return normalizeEmail(token.email);
}
