/**
 * How the create forms point at what is wrong: a server's refusal put on
 * one of the form's fields (or on the form), when a rate limit lets it try
 * again, and focus moved to the first field with a message. Shared by the
 * image and the video form.
 */
import { tick } from 'svelte';

/** A server field may be a dotted path (`params.count`); the form knows top-level names. */
export function knownFieldOf<Field extends string>(
  path: string | undefined,
  isField: (name: unknown) => name is Field,
): Field | undefined {
  return path?.split('.').find(isField);
}

/**
 * Moves focus to the first field, in the form's `order`, that has a message,
 * once the messages have rendered: the checked radio of a radio group (where
 * the arrow keys expect focus), else the element whose id `ids` gives (the
 * field's own name when absent).
 */
export async function focusFirstError(
  form: HTMLFormElement | undefined,
  order: readonly string[],
  errors: Partial<Record<string, string>>,
  targets: { ids?: Readonly<Record<string, string>>; radioGroups?: readonly string[] } = {},
): Promise<void> {
  await tick();
  const first = order.find((field) => errors[field]);
  if (!first || !form) return;
  const target = targets.radioGroups?.includes(first)
    ? form.querySelector<HTMLInputElement>(`input[name="${first}"]:checked, input[name="${first}"]`)
    : form.querySelector<HTMLElement>(`#${targets.ids?.[first] ?? first}`);
  target?.focus();
}

/** How a create callable refused, as `createImageJob` and `createVideoJob` report it. */
export interface Refusal {
  message: string;
  /** The request field the server blamed, maybe as a dotted path. */
  field?: string;
  errorCode?: string;
  details?: Record<string, number | string>;
}

/**
 * Where a refusal's message goes (on the field it blamed when the form has
 * it, else on the form) and, for `rate_limited` with `retryAfterSeconds`,
 * when the form may submit again (epoch ms; otherwise null).
 */
export function refusalFeedback<Field extends string>(
  refusal: Refusal,
  isField: (name: unknown) => name is Field,
  nowMs: number,
): { errors: Partial<Record<Field | 'form', string>>; retryUntilMs: number | null } {
  const retryAfter = refusal.details?.retryAfterSeconds;
  const field = knownFieldOf(refusal.field, isField);
  return {
    errors: (field ? { [field]: refusal.message } : { form: refusal.message }) as Partial<
      Record<Field | 'form', string>
    >,
    retryUntilMs:
      refusal.errorCode === 'rate_limited' && typeof retryAfter === 'number'
        ? nowMs + retryAfter * 1000
        : null,
  };
}
