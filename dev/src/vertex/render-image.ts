import sharp, { type Sharp } from 'sharp';

/** Aspect ratios Imagen 4 accepts. */
export const IMAGEN_ASPECT_RATIOS: readonly string[] = ['1:1', '3:4', '4:3', '9:16', '16:9'];
/** Aspect ratios the Gemini image model accepts in `imageConfig.aspectRatio`. */
export const GEMINI_ASPECT_RATIOS: readonly string[] = [
  '1:1',
  '2:3',
  '3:2',
  '3:4',
  '4:3',
  '4:5',
  '5:4',
  '9:16',
  '16:9',
  '21:9',
];

/** How many times the 1K long side each image size is. */
const SIZE_FACTOR = { '1K': 1, '2K': 2, '4K': 4 } as const;

/**
 * An image's dimensions at a size: the long side is the 1K long side
 * (1024 px by default) times 1, 2 or 4, and the short side follows the exact
 * ratio, rounded to even pixels. So a 2K square is 2048 × 2048 and a 1K 16:9
 * is 1024 × 576. (The live Gemini models keep the pixel count near 1K² at
 * every ratio instead, e.g. 1344 × 768 for 16:9; the fake keeps one rule that
 * is easy to check.)
 */
export function imageDimensions(
  aspectRatio: string,
  size: keyof typeof SIZE_FACTOR,
  oneKLongSidePx: number,
): Dimensions {
  return dimensionsFor(aspectRatio, oneKLongSidePx * SIZE_FACTOR[size]);
}

export interface Dimensions {
  width: number;
  height: number;
}

/**
 * Exact-ratio dimensions with the given long side, rounded to even pixels
 * because H.264 with yuv420p needs even sizes and images do not mind.
 */
export function dimensionsFor(aspectRatio: string, longSidePx: number): Dimensions {
  const [w, h] = aspectRatio.split(':').map(Number) as [number, number];
  const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);
  return w >= h
    ? { width: even(longSidePx), height: even((longSidePx * h) / w) }
    : { width: even((longSidePx * w) / h), height: even(longSidePx) };
}

export interface ArtworkSpec extends Dimensions {
  /** Hash of everything that should influence the picture; see `digestOf`. */
  digest: Uint8Array;
  /** Shown on the picture so a person can tell outputs apart. */
  prompt: string;
  /** Small second line, e.g. seed and sample index. */
  caption: string;
  /** Optional picture (any format sharp reads) to draw under a translucent overlay. */
  baseImage?: Uint8Array | undefined;
}

/** XML 1.0 forbids most control characters even when escaped, so they are dropped. */
function isXmlChar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) && code !== 0xfffe && code !== 0xffff
  );
}

function escapeXml(text: string): string {
  return [...text]
    .filter(isXmlChar)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function byteAt(digest: Uint8Array, index: number): number {
  return digest[index % digest.length] ?? 0;
}

/** An SVG whose colours and shapes all come from the digest. */
export function artworkSvg(spec: ArtworkSpec): string {
  const { width, height, digest } = spec;
  const hueA = (byteAt(digest, 0) * 256 + byteAt(digest, 1)) % 360;
  const hueB = (hueA + 60 + (byteAt(digest, 2) % 120)) % 360;
  const backgroundOpacity = spec.baseImage ? 0.35 : 1;
  const shapes: string[] = [];
  const shapeCount = 3 + (byteAt(digest, 3) % 4);
  for (let i = 0; i < shapeCount; i++) {
    const b = 4 + i * 4;
    const cx = (byteAt(digest, b) / 255) * width;
    const cy = (byteAt(digest, b + 1) / 255) * height;
    const r = (0.08 + (byteAt(digest, b + 2) / 255) * 0.22) * Math.min(width, height);
    const hue = (hueA + byteAt(digest, b + 3) * 2) % 360;
    shapes.push(
      i % 2 === 0
        ? `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${r.toFixed(1)}" fill="hsl(${hue},75%,60%)" fill-opacity="0.55"/>`
        : `<rect x="${(cx - r).toFixed(1)}" y="${(cy - r / 2).toFixed(1)}" width="${(2 * r).toFixed(1)}" height="${r.toFixed(1)}" rx="${(r / 5).toFixed(1)}" fill="hsl(${hue},70%,45%)" fill-opacity="0.5"/>`,
    );
  }
  const fontPx = Math.max(10, Math.round(width / 28));
  const maxChars = Math.max(8, Math.floor(width / (fontPx * 0.62)));
  const captionPx = Math.max(8, Math.round(fontPx * 0.6));
  const bandHeight = fontPx + captionPx + fontPx;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hueA},70%,35%)"/><stop offset="1" stop-color="hsl(${hueB},70%,55%)"/>
</linearGradient></defs>
<rect width="${width}" height="${height}" fill="url(#bg)" fill-opacity="${backgroundOpacity}"/>
${shapes.join('\n')}
<rect y="${height - bandHeight}" width="${width}" height="${bandHeight}" fill="#000" fill-opacity="0.45"/>
<text x="${fontPx / 2}" y="${height - captionPx - fontPx * 0.9}" font-family="DejaVu Sans, sans-serif" font-size="${fontPx}" fill="#fff">${escapeXml(truncate(spec.prompt, maxChars))}</text>
<text x="${fontPx / 2}" y="${height - captionPx * 0.8}" font-family="DejaVu Sans Mono, monospace" font-size="${captionPx}" fill="#ddd">${escapeXml(spec.caption)}</text>
</svg>`;
}

function artworkPipeline(spec: ArtworkSpec): Sharp {
  const svg = Buffer.from(artworkSvg(spec));
  const pipeline = spec.baseImage
    ? sharp(spec.baseImage)
        .resize(spec.width, spec.height, { fit: 'cover' })
        .composite([{ input: svg }])
    : sharp(svg);
  // Output RGB like the live models do; the SVG path would otherwise carry alpha.
  return pipeline.flatten({ background: '#000000' }).toColourspace('srgb');
}

export type ImageFormat = 'image/png' | 'image/jpeg';

/**
 * Renders the artwork as PNG or JPEG.
 * @param quality JPEG quality 0-100; ignored for PNG. Default 75, as Imagen's `compressionQuality`.
 */
export async function renderImage(spec: ArtworkSpec, format: ImageFormat, quality = 75): Promise<Buffer> {
  const pipeline = artworkPipeline(spec);
  return format === 'image/jpeg'
    ? pipeline.jpeg({ quality: Math.min(100, Math.max(1, Math.round(quality))) }).toBuffer()
    : pipeline.png().toBuffer();
}

/** Whether sharp can read the bytes as an image, so bad uploads become 400s rather than 500s. */
export async function isDecodableImage(bytes: Uint8Array): Promise<boolean> {
  try {
    const { width, height } = await sharp(bytes).metadata();
    return width > 0 && height > 0;
  } catch {
    return false;
  }
}

/** The artwork as packed rgb24 pixels, width*height*3 bytes, for video frames. */
export async function renderRgbFrame(spec: ArtworkSpec): Promise<Buffer> {
  return artworkPipeline(spec).removeAlpha().raw().toBuffer();
}
