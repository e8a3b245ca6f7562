/**
 * The submit cycle both create forms share: this side's check first, then
 * the call; an accepted job is confirmed, a refusal lands on the field it
 * blames. After a first submit the messages follow the values as they are
 * corrected, and a rate limit's wait clears itself once it has run out.
 */
import { fromStore } from 'svelte/store';
import { now } from '../clock.ts';
import { focusFirstError, refusalFeedback, type Refusal } from './form-feedback.ts';

/** One message per field; `form` holds a problem that belongs to no single field. */
type Messages<Field extends string> = Partial<Record<Field | 'form', string>>;

export interface FormSubmitOptions<Field extends string, Request> {
  /** The fields in the order the form shows them: focus goes to the first with a message. */
  fields: readonly Field[];
  isField: (name: unknown) => name is Field;
  /** How to find a field to focus (see `focusFirstError`). */
  targets: Parameters<typeof focusFirstError>[3];
  /** This side's check of the current values; read reactively. */
  check: () => { ok: true; request: Request } | { ok: false; errors: Messages<Field> };
  /** Sends the checked request. */
  send: (request: Request) => Promise<{ ok: true; jobId: string } | ({ ok: false } & Refusal)>;
  /** What the status line says once the job is accepted. */
  confirmation: (request: Request) => string;
  /** The job was accepted. */
  onqueued?: (jobId: string) => void;
}

/** Construct while a component sets up: its effects live as long as the form. */
export class FormSubmit<Field extends string, Request> {
  errors = $state<Messages<Field>>({});
  submitting = $state(false);
  /** When a server's `rate_limited` refusal said to come back (epoch ms). */
  retryUntilMs = $state<number | null>(null);
  /** The form element, for focus to find its fields in. */
  form = $state<HTMLFormElement>();
  #confirmation = $state('');
  /** After the first submit, the messages follow the values as they are corrected. */
  #attempted = $state(false);
  readonly #options: FormSubmitOptions<Field, Request>;

  constructor(options: FormSubmitOptions<Field, Request>) {
    this.#options = options;
    const clock = fromStore(now);
    // A server's wait that has run out takes its message with it.
    $effect(() => {
      if (this.retryUntilMs !== null && clock.current >= this.retryUntilMs) {
        this.retryUntilMs = null;
        if (this.errors.form) this.errors = { ...this.errors, form: undefined };
      }
    });
    $effect(() => {
      if (!this.#attempted) return;
      const check = options.check();
      this.errors = check.ok ? {} : check.errors;
    });
  }

  /** Read out as it changes: "Sending your request…", then what became of it. */
  get status(): string {
    return this.submitting ? 'Sending your request…' : this.#confirmation;
  }

  /** Drops one field's message, e.g. once the thing it blamed is gone from the form. */
  clear(field: Field): void {
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
  }

  /** @param blocked The form may not send now: too few tokens, or a limit reached. */
  async submit(event: Event | undefined, blocked: boolean): Promise<void> {
    event?.preventDefault();
    if (this.submitting || blocked) return;
    this.#attempted = true;
    this.#confirmation = '';
    const check = this.#options.check();
    if (!check.ok) {
      this.errors = check.errors;
      await this.#focusFirst();
      return;
    }
    this.errors = {};
    this.submitting = true;
    const result = await this.#options.send(check.request);
    this.submitting = false;
    if (result.ok) {
      this.#confirmation = this.#options.confirmation(check.request);
      this.#options.onqueued?.(result.jobId);
      return;
    }
    const feedback = refusalFeedback(result, this.#options.isField, Date.now());
    if (feedback.retryUntilMs !== null) this.retryUntilMs = feedback.retryUntilMs;
    // Shown until the next submit: the live check would otherwise clear a
    // message the server found and this side could not.
    this.#attempted = false;
    this.errors = feedback.errors;
    await this.#focusFirst();
  }

  #focusFirst(): Promise<void> {
    return focusFirstError(this.form, this.#options.fields, this.errors, this.#options.targets);
  }
}
