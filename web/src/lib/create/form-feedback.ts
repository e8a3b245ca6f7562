/**
 * How the create forms point at what is wrong: a server's field path read as
 * one of the form's fields, and focus moved to the first field with a
 * message. Shared by the image and the video form.
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
