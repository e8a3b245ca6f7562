/**
 * The create page's two modes and their place in the URL (`/create?mode=video`),
 * so the video form can be linked ("Animate this", "Try again"), reloaded and
 * reached with Back. Pure.
 */

export const createModes = ['image', 'video'] as const;
export type CreateMode = (typeof createModes)[number];

export const createModeLabels: Record<CreateMode, string> = { image: 'Image', video: 'Video' };

/** The mode a URL asks for; a missing or unknown `mode` opens images. */
export function createModeFromQuery(params: Pick<URLSearchParams, 'get'>): CreateMode {
  return params.get('mode') === 'video' ? 'video' : 'image';
}

/**
 * The query string (without `?`) that switching to `mode` leads to: only the
 * mode, since one mode's link fields (a remix, a first frame) mean nothing
 * to the other. Images are the bare page.
 */
export function createModeQuery(mode: CreateMode): string {
  return mode === 'video' ? 'mode=video' : '';
}

/** The words both forms ask for, which a switch of mode carries from one form to the other. */
export interface PromptText {
  prompt: string;
  negativePrompt: string;
}

/**
 * The values a form opens with: the link's, with the words last typed in
 * the other mode's form in place of the link's own (null: nothing typed yet,
 * as on arrival, when the link has the last word).
 */
export function withPromptText<Values extends PromptText>(values: Values, typed: PromptText | null): Values {
  return typed ? { ...values, prompt: typed.prompt, negativePrompt: typed.negativePrompt } : values;
}
