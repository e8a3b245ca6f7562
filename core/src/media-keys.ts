/** R2 object keys, as the seed design lays them out. */
export const mediaKeys = {
  image: (uid: string, outputId: string) => `images/${uid}/img_${outputId}.webp`,
  thumbnail: (uid: string, outputId: string) => `images/${uid}/img_${outputId}_thumb.webp`,
};

/** Keys never get rewritten (ids are unique), so browsers and CDNs may keep them forever. */
export const immutableCacheControl = 'public, max-age=31536000, immutable';

export function publicMediaUrl(baseUrl: string, key: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${key}`;
}
