import { defaultLimits, type Limits } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { formFromLimits, limitsDraft } from './limits-form.ts';

const current: Limits = { ...defaultLimits, monthlyUsdCap: 500 };
const form = () => formFromLimits(current);

describe('the limits form', () => {
  it('shows fractions as percentages and no webhook as an empty field', () => {
    expect(form()).toMatchObject({ alertThresholds: '80, 100', degradeAt: '90', alertWebhookUrl: '' });
  });

  it('sends nothing when nothing changed', () => {
    expect(limitsDraft(current, form())).toEqual({ ok: true, patch: {}, changes: [] });
  });

  it('sends only the changed fields, in the units the server stores, and lists each old → new', () => {
    const draft = limitsDraft(current, {
      ...form(),
      monthlyUsdCap: '$250.5',
      alertThresholds: '50%, 80 100',
      degradeAt: '75',
      videoPaused: true,
    });
    expect(draft).toEqual({
      ok: true,
      patch: { monthlyUsdCap: 250.5, alertThresholds: [0.5, 0.8, 1], degradeAt: 0.75, videoPaused: true },
      changes: [
        { field: 'monthlyUsdCap', label: 'Monthly cap', from: '$500.00', to: '$250.50' },
        { field: 'alertThresholds', label: 'Alert thresholds', from: '80%, 100%', to: '50%, 80%, 100%' },
        { field: 'degradeAt', label: 'Cheaper model from', from: '90% of the cap', to: '75% of the cap' },
        { field: 'videoPaused', label: 'Video', from: 'on', to: 'paused' },
      ],
    });
  });

  it('treats reordered thresholds as no change', () => {
    expect(limitsDraft(current, { ...form(), alertThresholds: '100, 80' })).toEqual({
      ok: true,
      patch: {},
      changes: [],
    });
  });

  it("names each bad field with core's message, said in the form's units", () => {
    const draft = limitsDraft(current, {
      ...form(),
      monthlyUsdCap: '-5',
      rateLimitPerHour: '2.5',
      degradeAt: '150',
      alertThresholds: '80, 80',
      alertWebhookUrl: 'ftp://example.com/hook',
    });
    expect(draft).toEqual({
      ok: false,
      errors: {
        monthlyUsdCap: 'Cannot be negative.',
        rateLimitPerHour: 'Must be a whole number.',
        degradeAt: 'Type a percentage above 0 and at most 100.',
        alertThresholds: 'Must not repeat.',
        alertWebhookUrl: 'Must be an http(s) URL.',
      },
    });
  });

  it('asks for a number where text or nothing was typed', () => {
    const draft = limitsDraft(current, { ...form(), inFlightPerUser: 'four', perUserDailyTokens: ' ' });
    expect(draft).toEqual({
      ok: false,
      errors: { inFlightPerUser: 'Type a number.', perUserDailyTokens: 'Fill in tokens per user per day.' },
    });
  });

  it('clears the webhook when the field is emptied', () => {
    const withHook = { ...current, alertWebhookUrl: 'https://hooks.example.com/x' };
    expect(limitsDraft(withHook, { ...formFromLimits(withHook), alertWebhookUrl: '  ' })).toMatchObject({
      ok: true,
      patch: { alertWebhookUrl: null },
    });
  });
});
