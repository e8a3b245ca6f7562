import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { immutableCacheControl, mediaKeys, postIdFor, publicMediaUrl, type JobOutput } from '@phoenix/core';
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

/** A job output plus the post field the job document does not keep. */
export interface PublishedOutput extends JobOutput {
  dominantColor: string;
}

/**
 * Uploads each output and its thumbnail. Keys derive from the job and the
 * output index, so a retried delivery overwrites its own earlier upload
 * instead of leaving orphans beside it.
 */
export async function publishOutputs(
  store: MediaStore,
  uid: string,
  jobId: string,
  rendered: readonly RenderedImage[],
): Promise<PublishedOutput[]> {
  return Promise.all(
    rendered.map(async (image, index) => {
      const postId = postIdFor(jobId, index);
      const imageKey = mediaKeys.image(uid, postId);
      const thumbKey = mediaKeys.thumbnail(uid, postId);
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
    }),
  );
}
