import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { immutableCacheControl, mediaKeys, publicMediaUrl, type StoredImageOutput } from '@phoenix/core';
import type { RenderedImage } from './render.ts';

/** Where finished media goes: R2 in production and locally (s3rver). */
export interface MediaStore {
  /** Stores a WebP under `key`, publicly cacheable forever. */
  putWebp(key: string, body: Buffer): Promise<void>;
  publicUrl(key: string): string;
}

export interface R2MediaStoreOptions {
  client: S3Client;
  bucket: string;
  /** The bucket's public base URL (custom domain); keys are appended to it. */
  publicBaseUrl: string;
}

export function createR2MediaStore(options: R2MediaStoreOptions): MediaStore {
  return {
    async putWebp(key, body) {
      await options.client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: body,
          ContentType: 'image/webp',
          CacheControl: immutableCacheControl,
        }),
      );
    },
    publicUrl: (key) => publicMediaUrl(options.publicBaseUrl, key),
  };
}

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
  await Promise.all([store.putWebp(imageKey, image.full), store.putWebp(thumbKey, image.thumbnail)]);
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
