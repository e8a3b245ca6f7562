import type { TimeLike } from './documents.ts';

/**
 * Public profiles (`profiles/{uid}`, readable by everyone, written only by the
 * server). A profile is created with zero counts the first time anything
 * touches it (a username claim, a bio, a post, a like), so readers never have
 * to guess at a half-made one.
 */

/** Longest bio, in characters after trimming. */
export const BIO_MAX_LENGTH = 160;

/**
 * Avatar backgrounds: mid-tone colours that keep white initials readable
 * (contrast ≥ 4.5:1). Append only: reordering would recolour every avatar.
 */
export const avatarPalette = [
  '#b91c1c',
  '#c2410c',
  '#a16207',
  '#4d7c0f',
  '#15803d',
  '#047857',
  '#0f766e',
  '#0e7490',
  '#0369a1',
  '#1d4ed8',
  '#4338ca',
  '#6d28d9',
  '#7e22ce',
  '#a21caf',
  '#be185d',
  '#be123c',
] as const;

export type AvatarColor = (typeof avatarPalette)[number];

export interface ProfileCounts {
  /** Posts the user has in the feed. */
  posts: number;
  /** Likes on all of the user's posts, kept exact by whoever books a like. */
  likesReceived: number;
}

export interface ProfileDoc<Time = TimeLike> {
  /** The display form of the username (the case the user typed), or null until one is claimed. */
  username: string | null;
  /** The unique key (`usernames/{usernameLower}`), or null until one is claimed. */
  usernameLower: string | null;
  /** Up to {@link BIO_MAX_LENGTH} characters, or null when empty. */
  bio: string | null;
  /** Derived from the uid by {@link avatarColorFor}; stored so every client paints the same. */
  avatarColor: AvatarColor;
  counts: ProfileCounts;
  createdAt: Time;
  updatedAt: Time;
}

/** 32-bit FNV-1a: a stable, well-spread hash of the uid with no dependency. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The avatar colour of a user: always the same for a uid, spread evenly over {@link avatarPalette}. */
export function avatarColorFor(uid: string): AvatarColor {
  return avatarPalette[hashOf(uid) % avatarPalette.length]!;
}

/** A profile as first created: no name, no bio, zero counts. The caller adds the timestamps. */
export function newProfileFields(uid: string): Omit<ProfileDoc, 'createdAt' | 'updatedAt'> {
  return {
    username: null,
    usernameLower: null,
    bio: null,
    avatarColor: avatarColorFor(uid),
    counts: { posts: 0, likesReceived: 0 },
  };
}

/** Four hex digits derived from the uid: enough to tell anonymous users apart at a glance. */
export function shortUserId(uid: string): string {
  return (hashOf(uid) >>> 16).toString(16).padStart(4, '0');
}

/** How a user is named anywhere in the app: the username, or `anonymous-3f9a` without one. */
export function displayName(profile: Pick<ProfileDoc, 'username'> | null | undefined, uid: string): string {
  return profile?.username ?? `anonymous-${shortUserId(uid)}`;
}

/** The stored bio for a request's trimmed bio: empty clears it. */
export function bioToStore(bio: string): string | null {
  return bio === '' ? null : bio;
}
