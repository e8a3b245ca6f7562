/**
 * What Firestore refuses to store. Request schemas check it, so a request
 * carrying such an id or text is refused as invalid, naming the field, rather
 * than failing the read or write (which the caller would hear as `internal`).
 */

/** Firestore reserves document ids of the form `__…__`: reading or writing one fails. */
export function isReservedDocumentId(id: string): boolean {
  return /^__.*__$/s.test(id);
}

/**
 * Whether `text` can be stored: Firestore keeps strings as UTF-8, which has no
 * encoding for a lone UTF-16 surrogate (half of an emoji, say), so the write fails.
 */
export function isStorableText(text: string): boolean {
  return text.isWellFormed();
}

export const unstorableTextMessage =
  'This text has a broken character in it (half of an emoji or symbol). Retype it and try again.';
