import { mediaKeys, type StoredImageOutput } from '@phoenix/core';
import type { MediaStore } from '../storage/media-store.ts';
import type { RenderedImage } from './render.ts';

/**
 * Uploads one output and its thumbnail under keys unique to this attempt
 * (see core's `mediaKeys`), so a superseded delivery that is still uploading
 * writes beside the media a finished job points at, never over it.
 */
export async function publishOutput(
  store: MediaStore,
  uid: string,
  postId: string,
  attempt: number,
  image: RenderedImage,
): Promise<StoredImageOutput> {
  const imageKey = mediaKeys.image(uid, postId, attempt);
  const thumbKey = mediaKeys.thumbnail(uid, postId, attempt);
  await Promise.all([
    store.put(imageKey, image.full, 'image/webp'),
    store.put(thumbKey, image.thumbnail, 'image/webp'),
  ]);
  return {
    postId,
    imageUrl: store.publicUrl(imageKey),
    thumbUrl: store.publicUrl(thumbKey),
    width: image.width,
    height: image.height,
    placeholder: image.placeholder,
    dominantColor: image.dominantColor,
  };
}
