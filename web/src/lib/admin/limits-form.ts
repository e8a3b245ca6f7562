/**
 * The Limits tab's form: the stored limits as text fields, the fields back
 * into an `updateLimits` patch holding only what changed, each change in
 * words for the preview, and field-level messages from core's
 * `updateLimitsRequestSchema`. Fractions (thresholds, degradeAt) are typed
 * as percentages, the cap in US dollars. Pure.
 */
import { formatMicroUsd, updateLimitsRequestSchema, type Limits, type LimitsPatch } from '@phoenix/core';

export type LimitField = keyof Limits;

export interface LimitsFormValues {
  monthlyUsdCap: string;
  perUserDailyTokens: string;
  rateLimitPerHour: string;
  inFlightPerUser: string;
  /** Percentages, separated by commas or spaces: `80, 100`. */
  alertThresholds: string;
  /** A percentage of the cap: `90`. */
  degradeAt: string;
  videoPaused: boolean;
  /** Empty: no webhook. */
  alertWebhookUrl: string;
  atCapMaxInstances: string;
}

/** Every field, in the order the form and the preview list them, with its label. */
export const limitFieldLabels: Record<LimitField, string> = {
  monthlyUsdCap: 'Monthly cap',
  perUserDailyTokens: 'Tokens per user per day',
  rateLimitPerHour: 'Generations per user per hour',
  inFlightPerUser: 'Jobs in flight per user',
  alertThresholds: 'Alert thresholds',
  degradeAt: 'Cheaper model from',
  videoPaused: 'Video',
  alertWebhookUrl: 'Alert webhook',
  atCapMaxInstances: 'Image max instances at the cap',
};

export const limitFields = Object.keys(limitFieldLabels) as LimitField[];

/** Percent to fraction without float noise (33.3 → 0.333, not 0.33299999999999996). */
const toFraction = (percent: number) => Number((percent / 100).toFixed(6));
const toPercentText = (fraction: number) => String(Number((fraction * 100).toFixed(4)));

export function formFromLimits(limits: Limits): LimitsFormValues {
  return {
    monthlyUsdCap: String(limits.monthlyUsdCap),
    perUserDailyTokens: String(limits.perUserDailyTokens),
    rateLimitPerHour: String(limits.rateLimitPerHour),
    inFlightPerUser: String(limits.inFlightPerUser),
    alertThresholds: limits.alertThresholds.map(toPercentText).join(', '),
    degradeAt: toPercentText(limits.degradeAt),
    videoPaused: limits.videoPaused,
    alertWebhookUrl: limits.alertWebhookUrl ?? '',
    atCapMaxInstances: String(limits.atCapMaxInstances),
  };
}

/** A limit's value for people, as the preview shows it. */
export function describeLimit(field: LimitField, limits: Limits): string {
  switch (field) {
    case 'monthlyUsdCap':
      return formatMicroUsd(Math.round(limits.monthlyUsdCap * 1_000_000));
    case 'alertThresholds':
      return limits.alertThresholds.length === 0
        ? 'none'
        : limits.alertThresholds.map((fraction) => `${toPercentText(fraction)}%`).join(', ');
    case 'degradeAt':
      return `${toPercentText(limits.degradeAt)}% of the cap`;
    case 'videoPaused':
      return limits.videoPaused ? 'paused' : 'on';
    case 'alertWebhookUrl':
      return limits.alertWebhookUrl ?? 'none';
    default:
      return limits[field].toLocaleString('en-US');
  }
}

export interface LimitChange {
  field: LimitField;
  label: string;
  from: string;
  to: string;
}

export type LimitsDraft =
  | { ok: true; patch: LimitsPatch; changes: LimitChange[] }
  | { ok: false; errors: Partial<Record<LimitField, string>> };

type Raw = Record<LimitField, unknown>;

const numberOrText = (text: string): unknown => {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
};

function rawValues(values: LimitsFormValues): { raw: Raw; errors: Partial<Record<LimitField, string>> } {
  const errors: Partial<Record<LimitField, string>> = {};
  const parts = values.alertThresholds.split(/[\s,;]+/).filter(Boolean);
  const percents = parts.map((part) => Number(part.replace(/%$/, '')));
  if (percents.some((percent) => !Number.isFinite(percent))) {
    errors.alertThresholds = 'Type percentages separated by commas, e.g. 80, 100.';
  }
  const degrade = numberOrText(values.degradeAt.replace(/%\s*$/, ''));
  const raw: Raw = {
    monthlyUsdCap: numberOrText(values.monthlyUsdCap.replace(/^\$/, '')),
    perUserDailyTokens: numberOrText(values.perUserDailyTokens),
    rateLimitPerHour: numberOrText(values.rateLimitPerHour),
    inFlightPerUser: numberOrText(values.inFlightPerUser),
    alertThresholds: percents.map(toFraction),
    degradeAt: typeof degrade === 'number' ? toFraction(degrade) : degrade,
    videoPaused: values.videoPaused,
    alertWebhookUrl: values.alertWebhookUrl.trim() === '' ? null : values.alertWebhookUrl.trim(),
    atCapMaxInstances: numberOrText(values.atCapMaxInstances),
  };
  for (const field of limitFields) {
    if (raw[field] === undefined) errors[field] = `Fill in ${limitFieldLabels[field].toLowerCase()}.`;
    else if (typeof raw[field] === 'string' && field !== 'alertWebhookUrl') errors[field] = 'Type a number.';
  }
  return { raw, errors };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The schema speaks in fractions ("at most 1"); the form asks for percentages,
 * so range messages on those fields are said in percent.
 */
function messageFor(field: LimitField, message: string): string {
  if (field === 'degradeAt') return 'Type a percentage above 0 and at most 100.';
  if (field === 'alertThresholds' && /above 0|at most 1\b/.test(message)) {
    return 'Each threshold must be a percentage above 0 and at most 100.';
  }
  // Beside its own field the field's code name is noise: "Cannot be negative."
  if (message.startsWith(`${field} `)) {
    const rest = message.slice(field.length + 1);
    return rest.charAt(0).toUpperCase() + rest.slice(1);
  }
  return message;
}

/**
 * What saving `values` would send: only the fields that differ from
 * `current`, checked with core's schema. No change at all is a draft with an
 * empty patch (the form has nothing to save).
 */
export function limitsDraft(current: Limits, values: LimitsFormValues): LimitsDraft {
  const { raw, errors } = rawValues(values);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const changed = limitFields.filter((field) => {
    const next =
      field === 'alertThresholds' ? [...(raw[field] as number[])].sort((a, b) => a - b) : raw[field];
    return !same(next, current[field]);
  });
  if (changed.length === 0) return { ok: true, patch: {}, changes: [] };

  const candidate = Object.fromEntries(changed.map((field) => [field, raw[field]]));
  const parsed = updateLimitsRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<LimitField, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as LimitField | undefined;
      if (field && limitFields.includes(field) && !fieldErrors[field]) {
        fieldErrors[field] = messageFor(field, issue.message);
      }
    }
    return { ok: false, errors: fieldErrors };
  }
  const next: Limits = { ...current, ...parsed.data };
  return {
    ok: true,
    patch: parsed.data,
    changes: changed.map((field) => ({
      field,
      label: limitFieldLabels[field],
      from: describeLimit(field, current),
      to: describeLimit(field, next),
    })),
  };
}
