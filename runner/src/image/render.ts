import sharp from 'sharp';

/** The files and fields one model output becomes. */
export interface RenderedImage {
  /** Full-size WebP. */
  full: Buffer;
  /** WebP, {@link renderSettings.thumbnailWidth} px wide (never enlarged). */
  thumbnail: Buffer;
  /** A data URI of a tiny WebP, shown blurred until the real image loads. */
  placeholder: string;
  /** `#rrggbb`, painted before even the placeholder decodes. */
  dominantColor: string;
  /** Of the full image, in px. */
  width: number;
  height: number;
}

export const renderSettings = {
  /** WebP quality of the full image: visually clean at well under half the PNG's size. */
  fullQuality: 82,
  /** Feed tiles show at most this many CSS px; 256 keeps them light. */
  thumbnailWidth: 256,
  thumbnailQuality: 75,
  /** 16 px wide keeps the data URI a few hundred bytes, small enough to inline in every post. */
  placeholderWidth: 16,
  placeholderQuality: 40,
  /**
   * libwebp's method (0-6, sharp's default 4). Encoding is most of a job's
   * CPU, and CPU is what caps an instance's throughput: on a 1024² image
   * method 2 took half the time of 4 for about 1 % more bytes.
   */
  webpEffort: 2,
} as const;

/**
 * Encodes one model output (PNG or JPEG bytes) for the feed. The full image
 * streams from the source to WebP; the thumbnail is made once as pixels, and
 * the placeholder and dominant colour come from it. Colour statistics over
 * the full image cost more CPU than its encode, and the thumbnail gives the
 * same dominant colour; holding the full image as pixels instead would cost
 * 48 MB per 4K job.
 */
export async function renderImage(bytes: Buffer): Promise<RenderedImage> {
  const source = sharp(bytes, { failOn: 'error' });
  const full = source
    .clone()
    .webp({ quality: renderSettings.fullQuality, effort: renderSettings.webpEffort })
    .toBuffer({ resolveWithObject: true });
  const fromThumbnail = source
    .clone()
    .resize({ width: renderSettings.thumbnailWidth, withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true })
    .then(({ data, info }) => {
      const pixels = () =>
        sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
      return Promise.all([
        pixels()
          .webp({ quality: renderSettings.thumbnailQuality, effort: renderSettings.webpEffort })
          .toBuffer(),
        pixels()
          .resize({ width: renderSettings.placeholderWidth })
          .webp({ quality: renderSettings.placeholderQuality, effort: renderSettings.webpEffort })
          .toBuffer(),
        pixels().stats(),
      ]);
    });
  // One Promise.all, so a bad input's two rejections are both handled.
  const [encoded, [thumbnail, placeholder, stats]] = await Promise.all([full, fromThumbnail]);
  return {
    full: encoded.data,
    thumbnail,
    placeholder: `data:image/webp;base64,${placeholder.toString('base64')}`,
    dominantColor: hexColor(stats.dominant),
    width: encoded.info.width,
    height: encoded.info.height,
  };
}

function hexColor({ r, g, b }: { r: number; g: number; b: number }): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}
