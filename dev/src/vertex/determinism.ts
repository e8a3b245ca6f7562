import { createHash, randomBytes } from 'node:crypto';

export type DigestPart = string | number | boolean | Uint8Array | null | undefined;

/**
 * SHA-256 over length-prefixed parts, so ("ab","c") and ("a","bc") differ.
 * Everything visual in an output derives from this digest, which is what
 * makes outputs byte-identical for identical inputs.
 */
export function digestOf(parts: readonly DigestPart[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes =
      part instanceof Uint8Array
        ? part
        : Buffer.from(part === null || part === undefined ? '\u0000' : String(part));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  return hash.digest();
}

/**
 * Like the live models, a request without a seed gets a fresh one, so n
 * unseeded calls give n different images; pass a seed for reproducible bytes.
 */
export function seedKey(seed: unknown): string {
  return typeof seed === 'number' && Number.isInteger(seed)
    ? `seed:${seed}`
    : `random:${randomBytes(8).toString('hex')}`;
}
