/**
 * R2 object keys: `images/{uid}/img_{id}.webp` plus a `_thumb`, and
 * `videos/{uid}/vid_{jobId}.mp4` with its poster. The id is the
 * post id and the attempt that made the output, so a superseded delivery
 * still uploading can never overwrite the media a finished job points at.
 */
export const mediaKeys = {
  image: (uid: string, postId: string, attempt: number) => `images/${uid}/img_${postId}_a${attempt}.webp`,
  thumbnail: (uid: string, postId: string, attempt: number) =>
    `images/${uid}/img_${postId}_a${attempt}_thumb.webp`,
  /** One Veo operation per job, so one video per job: a redelivered finish writes the same bytes again. */
  video: (uid: string, jobId: string) => `videos/${uid}/vid_${jobId}.mp4`,
  poster: (uid: string, jobId: string) => `videos/${uid}/vid_${jobId}_poster.webp`,
  posterThumbnail: (uid: string, jobId: string) => `videos/${uid}/vid_${jobId}_poster_thumb.webp`,
};

/** Keys are never rewritten (each attempt has its own), so browsers and CDNs may keep them forever. */
export const immutableCacheControl = 'public, max-age=31536000, immutable';

export function publicMediaUrl(baseUrl: string, key: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${key}`;
}
