import type { TimeLike } from './documents.ts';

/**
 * The admin console's analytics: the most used prompt terms today and this
 * week, and the most remixed posts. A scheduled rollup computes them into
 * `analytics/*` documents, so the console reads three small documents
 * instead of scanning the feed; everything it decides lives here.
 */

/** How often the rollup runs, as Cloud Scheduler reads it; the console is at most this stale. */
export const analyticsSchedule = 'every 60 minutes';

export const analyticsCollection = 'analytics';

export const analyticsDocIds = {
  promptTermsToday: 'promptTermsToday',
  promptTermsWeek: 'promptTermsWeek',
  topRemixed: 'topRemixed',
} as const;

/** Kept apart from `paths` in firestore-paths.ts so analytics stays one self-contained file. */
export const analyticsPaths = {
  promptTermsToday: `${analyticsCollection}/${analyticsDocIds.promptTermsToday}`,
  promptTermsWeek: `${analyticsCollection}/${analyticsDocIds.promptTermsWeek}`,
  topRemixed: `${analyticsCollection}/${analyticsDocIds.topRemixed}`,
} as const;

/** Terms each prompt-terms document lists. */
export const analyticsTopTermsLimit = 20;
/** Posts the most-remixed document lists. */
export const analyticsTopRemixedLimit = 10;
/** Posts the rollup reads per query page. */
export const analyticsPageSize = 500;

export type AnalyticsWindow = 'today' | 'week';

export interface TermCount {
  term: string;
  /** Prompts that contain the term (a prompt counts once however often it repeats it). */
  count: number;
}

export interface PromptTermsDoc<Time = TimeLike> {
  window: AnalyticsWindow;
  /** The window's start (inclusive). */
  from: Time;
  /** The window's end (inclusive): when the rollup ran. */
  to: Time;
  terms: TermCount[];
  /** Public posts whose prompts were counted, i.e. those created inside the window. */
  postsScanned: number;
  computedAt: Time;
}

export interface RemixedPost {
  postId: string;
  remixes: number;
  thumbUrl?: string;
  prompt?: string;
  ownerUid?: string;
}

export interface TopRemixedDoc<Time = TimeLike> {
  /**
   * Sources ranked by the public remixes made of them between `from` and `to`
   * (the week window), not by all-time remixes; hidden or deleted sources are
   * left out.
   */
  posts: RemixedPost[];
  from: Time;
  to: Time;
  computedAt: Time;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface WindowBounds {
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, inclusive. */
  toMs: number;
}

/**
 * The two windows at `nowMs` (epoch ms). Today is the UTC calendar day so
 * far, matching the daily budgets elsewhere; the week is rolling, so it is
 * never nearly empty on a Monday.
 */
export function analyticsWindows(nowMs: number): Record<AnalyticsWindow, WindowBounds> {
  return {
    today: { fromMs: Math.floor(nowMs / DAY_MS) * DAY_MS, toMs: nowMs },
    week: { fromMs: nowMs - 7 * DAY_MS, toMs: nowMs },
  };
}

// Common English function words: they are in nearly every prompt and say nothing about taste.
const stopWords = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing don't down during each even few for from
  further get got had has have having he her here hers herself him himself his how i i'm if in into
  is isn't it it's its itself just let me more most much my myself no nor not now of off on once only
  or other our ours ourselves out over own same she should so some such than that that's the their
  theirs them themselves then there there's these they this those through to too under until up upon
  us very was we were what when where which while who whom why will with within without would you
  your yours yourself yourselves`.split(/\s+/),
);

// Scripts written without spaces (or in syllable blocks) pack more meaning per
// character, so one fewer character still makes a word; single characters
// there are mostly particles, which no English stop list would catch.
const denseScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const letter = /\p{L}/u;
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

function isTooShort(term: string): boolean {
  return [...term].length < (denseScript.test(term) ? 2 : 3);
}

/**
 * The distinct terms of one prompt, in order of first use: lowercased, split
 * on Unicode word boundaries (so CJK text splits into words too), without
 * English stop words, possessive "'s", tokens of fewer than 3 characters (2
 * in CJK scripts) and tokens with no letter (numbers such as "16" or "1.5";
 * "4k" and "1920s" stay). Plurals are not folded here: whether "cats" may
 * fold into "cat" depends on the other prompts (see `topTerms`).
 */
export function promptTerms(prompt: string): string[] {
  const terms = new Set<string>();
  const text = prompt.normalize('NFKC').toLowerCase().replaceAll('\u2019', "'");
  for (const { segment, isWordLike } of wordSegmenter.segment(text)) {
    if (!isWordLike) continue;
    const term = segment.endsWith("'s") && !stopWords.has(segment) ? segment.slice(0, -2) : segment;
    if (stopWords.has(term) || isTooShort(term) || !letter.test(term)) continue;
    terms.add(term);
  }
  return [...terms];
}

// Plurals whose singular is a different word, so they never fold.
const unfoldable = new Set(['news', 'clothes', 'glasses', 'series', 'species', 'arms', 'goods', 'ashes']);

/** What `term` may be the plural of, most likely first. */
function singularCandidates(term: string): string[] {
  if (!term.endsWith('s') || term.endsWith('ss') || unfoldable.has(term)) return [];
  const candidates = [term.slice(0, -1)];
  if (/(?:s|x|z|ch|sh)es$/.test(term)) candidates.push(term.slice(0, -2));
  if (term.endsWith('ies')) candidates.push(`${term.slice(0, -3)}y`);
  return candidates.filter((candidate) => !isTooShort(candidate));
}

/**
 * Folds a plural into its singular only when the singular itself was used in
 * some prompt: a rule alone would turn "lens" into "len" and "boxes" into
 * "boxe", but a word the corpus also uses without its "s" is, in practice,
 * the same word.
 */
function makeFolder(vocabulary: ReadonlySet<string>): (term: string) => string {
  return (term) => {
    let folded = term;
    for (;;) {
      const singular = singularCandidates(folded).find((candidate) => vocabulary.has(candidate));
      if (!singular) return folded;
      folded = singular;
    }
  };
}

const byCountThenName = <T>(count: (item: T) => number, name: (item: T) => string) => {
  // Code-unit order, not localeCompare: the same input ranks the same on every machine.
  return (a: T, b: T) => count(b) - count(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
};

function checkLimit(limit: number): void {
  if (!(limit >= 0) || (!Number.isInteger(limit) && limit !== Infinity))
    throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
}

/**
 * The `limit` (default 20) terms used by the most prompts, most used first,
 * equal counts in alphabetical (code-unit) order. A plural counts towards its
 * singular when the singular also appears (see `makeFolder`); a prompt that
 * says both counts once.
 *
 * Holds every prompt's terms until it has seen them all, because a fold
 * depends on the whole vocabulary: a few tens of MB per 100,000 prompts.
 */
export function topTerms(prompts: Iterable<string>, limit = analyticsTopTermsLimit): TermCount[] {
  checkLimit(limit);
  const perPrompt: string[][] = [];
  const vocabulary = new Set<string>();
  for (const prompt of prompts) {
    const terms = promptTerms(prompt);
    perPrompt.push(terms);
    for (const term of terms) vocabulary.add(term);
  }
  const fold = makeFolder(vocabulary);
  const counts = new Map<string, number>();
  for (const terms of perPrompt) {
    for (const term of new Set(terms.map(fold))) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return [...counts]
    .map(([term, count]) => ({ term, count }))
    .sort(
      byCountThenName(
        (entry) => entry.count,
        (entry) => entry.term,
      ),
    )
    .slice(0, limit);
}

/**
 * The `limit` (default 10; `Infinity` for all) posts remixed most often among
 * `posts`, most first, ties by post id. Counts only the remixes given, so the
 * caller decides which remixes count (the rollup: public ones made this week).
 */
export function topRemixed(
  posts: Iterable<{ remixOf: { postId: string } | null }>,
  limit = analyticsTopRemixedLimit,
): { postId: string; remixes: number }[] {
  checkLimit(limit);
  const counts = new Map<string, number>();
  for (const { remixOf } of posts) {
    if (remixOf) counts.set(remixOf.postId, (counts.get(remixOf.postId) ?? 0) + 1);
  }
  return [...counts]
    .map(([postId, remixes]) => ({ postId, remixes }))
    .sort(
      byCountThenName(
        (entry) => entry.remixes,
        (entry) => entry.postId,
      ),
    )
    .slice(0, limit);
}
