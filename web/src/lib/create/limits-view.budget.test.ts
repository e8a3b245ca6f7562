import { catalogueFrom, type PublicLimits } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { BUDGET_EXHAUSTED_MESSAGE, budgetNotice, degradedJobNote, limitsPanel } from './limits-view.ts';

const now = Date.UTC(2026, 11, 15);
const atLevel = (level: PublicLimits['budget']['level'], period = '2026-12'): PublicLimits => ({
  rateLimitPerHour: 10,
  inFlightPerUser: 4,
  perUserDailyTokens: 200,
  videoPaused: level === 'exhausted',
  budget: { period, level },
});
const catalogue = catalogueFrom(undefined);
const pro = { model: 'gemini-3-pro-image-preview', aspectRatio: '1:1', imageSize: '1K', count: 2 } as const;

describe('budgetNotice', () => {
  it('says nothing while the budget is ok', () => {
    expect(budgetNotice(atLevel('ok'), catalogue, pro, now)).toEqual({ kind: 'ok' });
  });

  it('names the cheaper model a nearly spent budget moves a pricier request to, with its quote', () => {
    const notice = budgetNotice(atLevel('degraded'), catalogue, pro, now);
    expect(notice).toMatchObject({
      kind: 'degraded',
      model: { id: 'gemini-2.5-flash-image' },
      quote: { tokens: 2 },
      message: 'Budget nearly reached: using the cheaper model (Gemini 2.5 Flash Image)',
    });
  });

  it('keeps a request that is already on the cheapest model that makes it', () => {
    // 2.5 Flash is the cheapest offered model, and it makes 21:9.
    const wide = { ...pro, model: 'gemini-2.5-flash-image', aspectRatio: '21:9' } as const;
    expect(budgetNotice(atLevel('degraded'), catalogue, wide, now)).toEqual({ kind: 'ok' });
  });

  it('follows an admin who turns the cheapest model off', () => {
    const withoutFlash = catalogueFrom({ overrides: { 'gemini-2.5-flash-image': { enabled: false } } });
    const notice = budgetNotice(atLevel('degraded'), withoutFlash, pro, now);
    expect(notice.kind === 'degraded' && notice.model.id).toBe('gemini-3.1-flash-image');
  });

  it('pauses generation at the cap', () => {
    expect(budgetNotice(atLevel('exhausted'), catalogue, pro, now)).toEqual({
      kind: 'exhausted',
      message: BUDGET_EXHAUSTED_MESSAGE,
    });
  });

  it('reads a level stored for last month as ok: a new month starts clean', () => {
    expect(budgetNotice(atLevel('exhausted', '2026-11'), catalogue, pro, now)).toEqual({ kind: 'ok' });
  });
});

describe('degradedJobNote', () => {
  it('says which model ran instead of the asked one', () => {
    expect(
      degradedJobNote({
        params: { model: 'gemini-2.5-flash-image' },
        degradedFrom: 'gemini-3-pro-image-preview',
      }),
    ).toBe(
      'Made with Gemini 2.5 Flash Image instead of Gemini 3 Pro Image (preview): the budget was nearly reached.',
    );
  });

  it('says nothing for a job that ran on what was asked', () => {
    expect(degradedJobNote({ params: { model: 'gemini-3.1-flash-image' }, degradedFrom: null })).toBeNull();
    expect(degradedJobNote({ params: { model: 'gemini-3.1-flash-image' } })).toBeNull();
  });
});

describe('limitsPanel', () => {
  const request = { ...pro, count: 1 };
  const base = {
    catalogue,
    request,
    askedQuote: { tokens: 7, microUsd: 134_000 },
    usage: undefined,
    retryUntilMs: null,
    nowMs: now,
  };

  it('shows the counts and prices the cheaper model while the budget is nearly spent', () => {
    expect(limitsPanel({ ...base, limits: atLevel('degraded') })).toEqual({
      usage: '0 of 10 this hour · 0 of 200 tokens today',
      degraded: 'Budget nearly reached: using the cheaper model (Gemini 2.5 Flash Image)',
      quote: expect.objectContaining({ tokens: 1 }) as unknown,
      blocked: null,
    });
  });

  it('stops Generate at the cap, whatever else is free', () => {
    expect(limitsPanel({ ...base, limits: atLevel('exhausted') }).blocked).toBe(BUDGET_EXHAUSTED_MESSAGE);
  });

  it('counts down a server’s retryAfterSeconds, then lets go', () => {
    const refused = { ...base, limits: atLevel('ok'), retryUntilMs: now + 400_000 };
    expect(limitsPanel(refused).blocked).toBe('You can start another generation in 7 minutes.');
    expect(limitsPanel({ ...refused, nowMs: now + 399_500 }).blocked).toBe(
      'You can start another generation in 1 second.',
    );
    expect(limitsPanel({ ...refused, nowMs: now + 400_000 }).blocked).toBeNull();
  });

  it('keeps the countdown before the limits have loaded, and shows no counts', () => {
    expect(limitsPanel({ ...base, limits: null, retryUntilMs: now + 30_000 })).toEqual({
      usage: null,
      degraded: null,
      quote: base.askedQuote,
      blocked: 'You can start another generation in 30 seconds.',
    });
  });
});
