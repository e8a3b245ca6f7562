import { S3Client } from '@aws-sdk/client-s3';

export interface R2ClientConfig {
  /** `https://<account>.r2.cloudflarestorage.com`, or the local fake's endpoint. */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style bucket addressing; only the local s3rver needs it. Default false. */
  forcePathStyle?: boolean;
}

/**
 * The S3 client for Cloudflare R2. Since SDK 3.729 the default checksums break
 * R2 and send streamed uploads `aws-chunked`, which s3rver would store framing
 * and all; `WHEN_REQUIRED` keeps uploads byte-exact on both.
 */
export function createR2Client(config: R2ClientConfig): S3Client {
  return new S3Client({
    region: 'auto',
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle ?? false,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
