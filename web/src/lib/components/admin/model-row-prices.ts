/**
 * The price lines of one Models tab row, for either kind of model: an image
 * model is priced per image at each size it makes, a video model per second
 * with and without audio. Each line is two text inputs (tokens, and Vertex's
 * price in US dollars) checked against core's `updateModelRequestSchema`, so
 * the row refuses what the server would. Pure.
 */
import {
  updateModelRequestSchema,
  type ImageModel,
  type ImageModelId,
  type ImageSize,
  type UpdateModelRequest,
  type VideoModel,
  type VideoModelId,
  type VideoPrices,
} from '@phoenix/core';
import { priceDraft } from '../../admin/model-prices.ts';

export type RowModel = { kind: 'image'; model: ImageModel } | { kind: 'video'; model: VideoModel };

/** One line's price in either kind's units: tokens, and micro-dollars. */
export interface LinePrice {
  tokens: number;
  microUsd: number;
}

export interface PriceLine {
  /** The image size, or `withAudio` / `withoutAudio`. */
  key: string;
  label: string;
  /** Undefined when the catalogue has no price for it yet. */
  stored: LinePrice | undefined;
}

export type LineDraft =
  { ok: true; price: LinePrice } | { ok: false; field: 'tokens' | 'usd'; message: string };

type AudioMode = keyof VideoPrices;
const audioModes: readonly { key: AudioMode; label: string }[] = [
  { key: 'withAudio', label: 'With audio' },
  { key: 'withoutAudio', label: 'Without audio' },
];

/** What one price buys, for the row's labels: "tokens per image", "per second". */
export function priceUnit(row: RowModel): 'image' | 'second' {
  return row.kind === 'image' ? 'image' : 'second';
}

export function priceLines(row: RowModel): PriceLine[] {
  if (row.kind === 'image') {
    return row.model.imageSizes.map((size) => {
      const price = row.model.prices[size];
      return {
        key: size,
        label: size,
        stored: price && { tokens: price.tokensPerOutput, microUsd: price.microUsdPerOutput },
      };
    });
  }
  return audioModes.map(({ key, label }) => {
    const price = row.model.prices[key];
    return { key, label, stored: { tokens: price.tokensPerSecond, microUsd: price.microUsdPerSecond } };
  });
}

/** One line's price from its two inputs, or which input is wrong and why. */
export function lineDraft(row: RowModel, key: string, tokens: string, usd: string): LineDraft {
  if (row.kind === 'image') {
    const draft = priceDraft(row.model.id as ImageModelId, key as ImageSize, tokens, usd);
    return draft.ok
      ? { ok: true, price: { tokens: draft.price.tokensPerOutput, microUsd: draft.price.microUsdPerOutput } }
      : draft;
  }
  return secondPriceDraft(row.model.id as VideoModelId, key as AudioMode, tokens, usd);
}

/** The messages match the image lines', in seconds rather than images. */
function secondPriceDraft(id: VideoModelId, audio: AudioMode, tokens: string, usd: string): LineDraft {
  const tokensValue = Number(tokens.trim());
  if (tokens.trim() === '' || !Number.isFinite(tokensValue)) {
    return { ok: false, field: 'tokens', message: 'Type the tokens per second.' };
  }
  const usdValue = Number(usd.trim().replace(/^\$/, ''));
  if (usd.trim() === '' || !Number.isFinite(usdValue)) {
    return { ok: false, field: 'usd', message: 'Type the US dollars per second, e.g. 0.15.' };
  }
  const price = { tokens: tokensValue, microUsd: Math.round(usdValue * 1_000_000) };
  const parsed = updateModelRequestSchema.safeParse(videoPricesUpdate(id, { [audio]: price }));
  if (parsed.success) return { ok: true, price };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, field: 'usd', message: 'Check this price.' };
  const field = issue.path.includes('tokensPerSecond') ? 'tokens' : 'usd';
  // The schema's unit is micro-dollars; the field's is dollars.
  const message =
    field === 'usd' && issue.path.includes('microUsdPerSecond')
      ? 'Type a price from $0 to $100 per second.'
      : issue.message.replace(/^tokensPerSecond /, 'Tokens ');
  return { ok: false, field, message };
}

function videoPricesUpdate(id: VideoModelId, lines: Record<string, LinePrice>): UpdateModelRequest {
  const prices: Partial<VideoPrices> = {};
  for (const { key } of audioModes) {
    const line = lines[key];
    if (line) prices[key] = { tokensPerSecond: line.tokens, microUsdPerSecond: line.microUsd };
  }
  return { id, prices };
}

/** The `updateModel` request that saves `lines` (by key), in the model's own price shape. */
export function pricesUpdate(row: RowModel, lines: Record<string, LinePrice>): UpdateModelRequest {
  if (row.kind === 'video') return videoPricesUpdate(row.model.id as VideoModelId, lines);
  const prices: Partial<Record<ImageSize, { tokensPerOutput: number; microUsdPerOutput: number }>> = {};
  for (const size of row.model.imageSizes) {
    const line = lines[size];
    if (line) prices[size] = { tokensPerOutput: line.tokens, microUsdPerOutput: line.microUsd };
  }
  return { id: row.model.id as ImageModelId, prices };
}

/** The `updateModel` request that flips this row's model on or off, or retires it or brings it back. */
export function switchUpdate(
  row: RowModel,
  change: { enabled: boolean } | { status: 'active' | 'retired' },
): UpdateModelRequest {
  return row.kind === 'image'
    ? { id: row.model.id as ImageModelId, ...change }
    : { id: row.model.id as VideoModelId, ...change };
}
