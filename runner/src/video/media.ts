import { mediaKeys, type VideoOutput } from '@phoenix/core';
import type { MediaStore } from '../storage/media-store.ts';
import type { FinishedVideo } from './finish.ts';

/** Uploads a finished video, its poster and the poster's thumbnail, and answers the job's output. */
export async function publishVideoMedia(
  store: MediaStore,
  uid: string,
  jobId: string,
  video: FinishedVideo,
): Promise<VideoOutput> {
  const videoKey = mediaKeys.video(uid, jobId);
  const posterKey = mediaKeys.poster(uid, jobId);
  const thumbKey = mediaKeys.posterThumbnail(uid, jobId);
  await Promise.all([
    store.put(videoKey, video.mp4, 'video/mp4'),
    store.put(posterKey, video.poster.full, 'image/webp'),
    store.put(thumbKey, video.poster.thumbnail, 'image/webp'),
  ]);
  return {
    videoUrl: store.publicUrl(videoKey),
    posterUrl: store.publicUrl(posterKey),
    thumbUrl: store.publicUrl(thumbKey),
    durationSeconds: video.durationSeconds,
    width: video.width,
    height: video.height,
    bytes: video.mp4.length,
    placeholder: video.poster.placeholder,
    dominantColor: video.poster.dominantColor,
  };
}

/** Deletes a discarded draft's media. */
export function purgeVideoMedia(store: MediaStore, uid: string, jobId: string): Promise<void> {
  return store.remove([
    mediaKeys.video(uid, jobId),
    mediaKeys.poster(uid, jobId),
    mediaKeys.posterThumbnail(uid, jobId),
  ]);
}
