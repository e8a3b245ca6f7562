import { describe, expect, it } from 'vitest';
import { parseRequest, PhoenixError } from './errors.ts';
import {
  capMicroUsd,
  currentBudgetLevel,
  defaultLimits,
  limitsFrom,
  limitsSchema,
  publicLimits,
  updateLimitsRequestSchema,
} from './limits.ts';

function refusal(input: unknown): PhoenixError {
  try {
    parseRequest(updateLimitsRequestSchema, input);
  } catch (error) {
    if (error instanceof PhoenixError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('updateLimitsRequestSchema', () => {
  it('takes any one field, or all of them', () => {
    expect(parseRequest(updateLimitsRequestSchema, { monthlyUsdCap: 0 })).toEqual({ monthlyUsdCap: 0 });
    expect(parseRequest(updateLimitsRequestSchema, { alertWebhookUrl: null })).toEqual({
      alertWebhookUrl: null,
    });
    expect(parseRequest(updateLimitsRequestSchema, defaultLimits)).toEqual(defaultLimits);
  });

  it.each([
    ['a negative cap', { monthlyUsdCap: -1 }, 'monthlyUsdCap', 'monthlyUsdCap cannot be negative.'],
    [
      'a cap as text',
      { monthlyUsdCap: '500' },
      'monthlyUsdCap',
      'monthlyUsdCap must be a number of US dollars.',
    ],
    [
      'a huge cap',
      { monthlyUsdCap: 10_000_001 },
      'monthlyUsdCap',
      'monthlyUsdCap must be at most 10,000,000.',
    ],
    [
      'fractional daily tokens',
      { perUserDailyTokens: 1.5 },
      'perUserDailyTokens',
      'perUserDailyTokens must be a whole number.',
    ],
    [
      'negative daily tokens',
      { perUserDailyTokens: -1 },
      'perUserDailyTokens',
      'perUserDailyTokens must be at least 0.',
    ],
    [
      'a rate limit as text',
      { rateLimitPerHour: 'ten' },
      'rateLimitPerHour',
      'rateLimitPerHour must be a number.',
    ],
    [
      'a rate limit of 10,001',
      { rateLimitPerHour: 10_001 },
      'rateLimitPerHour',
      'rateLimitPerHour must be at most 10000.',
    ],
    [
      'an in-flight cap of 0',
      { inFlightPerUser: 0 },
      'inFlightPerUser',
      'inFlightPerUser must be at least 1.',
    ],
    [
      'a threshold of 0',
      { alertThresholds: [0, 1] },
      'alertThresholds.0',
      'Each alert threshold must be above 0.',
    ],
    [
      'a threshold above 1',
      { alertThresholds: [0.8, 1.2] },
      'alertThresholds.1',
      'Each alert threshold must be at most 1 (the whole cap).',
    ],
    [
      'a repeated threshold',
      { alertThresholds: [0.8, 0.8] },
      'alertThresholds',
      'alertThresholds must not repeat.',
    ],
    [
      'thresholds that are not a list',
      { alertThresholds: 0.8 },
      'alertThresholds',
      'alertThresholds must be a list of fractions.',
    ],
    [
      '11 thresholds',
      { alertThresholds: Array.from({ length: 11 }, (_, i) => (i + 1) / 11) },
      'alertThresholds',
      'Keep to 10 alert thresholds.',
    ],
    ['degradeAt of 0', { degradeAt: 0 }, 'degradeAt', 'degradeAt must be above 0.'],
    ['degradeAt of 1.5', { degradeAt: 1.5 }, 'degradeAt', 'degradeAt must be at most 1 (the whole cap).'],
    ['videoPaused as text', { videoPaused: 'yes' }, 'videoPaused', 'videoPaused must be true or false.'],
    [
      'a webhook that is not a URL',
      { alertWebhookUrl: 'slack' },
      'alertWebhookUrl',
      'alertWebhookUrl must be an http(s) URL.',
    ],
    [
      'an ftp webhook',
      { alertWebhookUrl: 'ftp://hooks.example/x' },
      'alertWebhookUrl',
      'alertWebhookUrl must be an http(s) URL.',
    ],
    [
      'a javascript: webhook',
      { alertWebhookUrl: 'javascript:alert(1)' },
      'alertWebhookUrl',
      'alertWebhookUrl must be an http(s) URL.',
    ],
    [
      'a webhook of 2001 characters',
      { alertWebhookUrl: `https://hooks.example/${'a'.repeat(1979)}` },
      'alertWebhookUrl',
      'alertWebhookUrl is too long.',
    ],
    [
      '0 max instances at the cap',
      { atCapMaxInstances: 0 },
      'atCapMaxInstances',
      'atCapMaxInstances must be at least 1.',
    ],
  ])('refuses %s, naming the field', (_label, patch, field, message) => {
    const error = refusal(patch);
    expect(error.code).toBe('invalid_argument');
    expect(error.field).toBe(field);
    expect(error.message).toBe(`${field}: ${message}`);
  });

  it('refuses an empty patch and an unknown field', () => {
    expect(refusal({}).message).toBe('Invalid request: Say which limit to change.');
    expect(refusal({ monthlyUsdCap: 5, monthlyCap: 5 }).code).toBe('invalid_argument');
  });

  it('takes http and https webhooks', () => {
    for (const url of ['http://127.0.0.1:9000/hook', 'https://hooks.slack.com/services/T/B/x']) {
      expect(parseRequest(updateLimitsRequestSchema, { alertWebhookUrl: url }).alertWebhookUrl).toBe(url);
    }
  });

  it('stores thresholds sorted', () => {
    expect(
      parseRequest(updateLimitsRequestSchema, { alertThresholds: [1, 0.5, 0.8] }).alertThresholds,
    ).toEqual([0.5, 0.8, 1]);
  });

  it('accepts the defaults as a whole document', () => {
    expect(limitsSchema.parse(defaultLimits)).toEqual(defaultLimits);
  });
});

describe('limitsFrom', () => {
  it('fills every field the stored document lacks with its default', () => {
    expect(limitsFrom(undefined)).toEqual(defaultLimits);
    expect(limitsFrom({ monthlyUsdCap: 3, rateLimitPerHour: 2 })).toEqual({
      ...defaultLimits,
      monthlyUsdCap: 3,
      rateLimitPerHour: 2,
    });
    expect(defaultLimits).toMatchObject({
      rateLimitPerHour: 10,
      inFlightPerUser: 4,
      alertThresholds: [0.8, 1],
      degradeAt: 0.9,
    });
  });

  it('turns the cap into whole micro-dollars', () => {
    expect(capMicroUsd({ monthlyUsdCap: 0.1 + 0.2 })).toBe(300_000);
    expect(capMicroUsd({ monthlyUsdCap: 500 })).toBe(500_000_000);
  });
});

describe('publicLimits', () => {
  it('shows the per-user limits and the budget level, never the cap or the webhook', () => {
    const limits = { ...defaultLimits, alertWebhookUrl: 'https://hooks.example/secret' };
    const view = publicLimits(limits, { period: '2026-11', level: 'degraded' });
    expect(view).toEqual({
      rateLimitPerHour: 10,
      inFlightPerUser: 4,
      perUserDailyTokens: 200,
      videoPaused: false,
      budget: { period: '2026-11', level: 'degraded' },
    });
    expect(JSON.stringify(view)).not.toContain('secret');
  });

  it('pauses video at an exhausted budget, and whenever an admin paused it', () => {
    expect(publicLimits(defaultLimits, { period: '2026-11', level: 'exhausted' }).videoPaused).toBe(true);
    expect(
      publicLimits({ ...defaultLimits, videoPaused: true }, { period: '2026-11', level: 'ok' }).videoPaused,
    ).toBe(true);
  });
});

describe('currentBudgetLevel', () => {
  it("acts on this month's level and reads another month's as ok", () => {
    expect(currentBudgetLevel({ period: '2026-11', level: 'exhausted' }, '2026-11')).toBe('exhausted');
    expect(currentBudgetLevel({ period: '2026-11', level: 'exhausted' }, '2026-12')).toBe('ok');
    expect(currentBudgetLevel(undefined, '2026-12')).toBe('ok');
  });
});
