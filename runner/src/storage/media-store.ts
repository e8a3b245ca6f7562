import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { immutableCacheControl, publicMediaUrl } from '@phoenix/core';

/** Where finished media goes: R2 in production and locally (s3rver). */
export interface MediaStore {
  /** Stores `body` under `key`, publicly cacheable forever (keys are never rewritten with other bytes). */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Deletes the objects; a key that is not there is no error. */
  remove(keys: string[]): Promise<void>;
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
    async put(key, body, contentType) {
      await options.client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          CacheControl: immutableCacheControl,
        }),
      );
    },
    async remove(keys) {
      if (keys.length === 0) return;
      const answer = await options.client.send(
        new DeleteObjectsCommand({
          Bucket: options.bucket,
          Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const failed = answer.Errors?.filter((error) => error.Code !== 'NoSuchKey') ?? [];
      if (failed.length > 0)
        throw new Error(`could not delete ${failed.map((error) => error.Key).join(', ')}`);
    },
    publicUrl: (key) => publicMediaUrl(options.publicBaseUrl, key),
  };
}
