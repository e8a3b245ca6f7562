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

/** Encodes one model output (PNG or JPEG bytes) for the feed. */
export async function renderImage(bytes: Buffer): Promise<RenderedImage> {
  const source = sharp(bytes, { failOn: 'error' });
  const [full, thumbnail, placeholder, stats] = await Promise.all([
    source
      .clone()
      .webp({ quality: renderSettings.fullQuality, effort: renderSettings.webpEffort })
      .toBuffer({ resolveWithObject: true }),
    source
      .clone()
      .resize({ width: renderSettings.thumbnailWidth, withoutEnlargement: true })
      .webp({ quality: renderSettings.thumbnailQuality, effort: renderSettings.webpEffort })
      .toBuffer(),
    source
      .clone()
      .resize({ width: renderSettings.placeholderWidth })
      .webp({ quality: renderSettings.placeholderQuality, effort: renderSettings.webpEffort })
      .toBuffer(),
    source.clone().stats(),
  ]);
  return {
    full: full.data,
    thumbnail,
    placeholder: `data:image/webp;base64,${placeholder.toString('base64')}`,
    dominantColor: hexColor(stats.dominant),
    width: full.info.width,
    height: full.info.height,
  };
}

function hexColor({ r, g, b }: { r: number; g: number; b: number }): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}
