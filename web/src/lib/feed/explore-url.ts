/**
 * The explore feed's tab and Top window live in the URL (`/?tab=top&window=week`),
 * so a link opens the same feed and back/forward move between tabs. New is
 * the default and keeps the address bare. Pure.
 */
import {
  DEFAULT_TOP_WINDOW,
  isExploreTab,
  isTopWindow,
  type ExploreTab,
  type TopWindow,
} from '@phoenix/core';

export type ExploreView = { tab: 'new' } | { tab: 'top'; window: TopWindow };

/** What is read of a query string (`page.url.searchParams` is read-only). */
export type SearchParamsLike = Pick<URLSearchParams, 'get' | 'toString'>;

/** Reads the view from the query string; anything unknown falls back to the default. */
export function parseExploreView(params: SearchParamsLike): ExploreView {
  const tab: ExploreTab = isExploreTab(params.get('tab')) ? (params.get('tab') as ExploreTab) : 'new';
  if (tab === 'new') return { tab };
  const window = params.get('window');
  return { tab, window: isTopWindow(window) ? window : DEFAULT_TOP_WINDOW };
}

/**
 * The query string (with its `?`, or empty) that shows `view`, keeping any
 * other parameters of `current` as they are.
 */
export function exploreSearch(current: SearchParamsLike, view: ExploreView): string {
  const next = new URLSearchParams(current.toString());
  next.delete('tab');
  next.delete('window');
  if (view.tab === 'top') {
    next.set('tab', 'top');
    next.set('window', view.window);
  }
  const search = next.toString();
  return search ? `?${search}` : '';
}

/** A stable key for a view: the feed listener is replaced when it changes. */
export function exploreViewKey(view: ExploreView): string {
  return view.tab === 'top' ? `top:${view.window}` : 'new';
}
