import { focusFirstInvalid, formErrors, hasErrors, NO_ERRORS, type FormErrors } from '$lib/forms';

/**
 * The portal's one busy/error block for a form or an action button.
 *
 *   const form = formAction(['name'] as const);           // the fields whose errors show inline
 *   const submit = form.submit(async () => { await createVenture(name); await goto(...); },
 *     { check: () => (name.trim() ? {} : { name: 'Enter a name.' }) });
 *
 *   <form onsubmit={submit} novalidate>
 *     <TextField id="name" ... error={form.errors.fields.name} />
 *     <FormError message={form.error} />
 *     <SubmitButton busy={form.busy} label="Found venture" busyLabel="Founding…" />
 *   </form>
 *
 * - While a run is in flight a second one is refused (a double click sends one request).
 * - A failure is shown (`error`, plus per-field messages for a 400 VALIDATION_FAILED) and `busy`
 *   is reset, so the person can fix it and try again; focus moves to the first invalid field.
 * - `intercept` lets a form take over particular failures itself (MFA_REQUIRED opens a step-up).
 */

/** Field messages from a client-side check; empty when all is well. */
export type FieldProblems<Field extends string> = Partial<Record<Field, string | undefined>>;

export interface RunOptions<Field extends string> {
  /** Checked before anything is sent: problems show inline and nothing runs. */
  check?: () => FieldProblems<Field>;
  /** Returns true for a failure the form handles itself; it is then not shown as an error. */
  intercept?: (error: unknown) => boolean;
}

export class FormAction<Field extends string = never> {
  busy = $state(false);
  errors = $state<FormErrors<Field>>(NO_ERRORS);
  /** The message for the form as a whole, for <FormError>. */
  readonly error = $derived(this.errors.message);

  constructor(private readonly fields: readonly Field[] = []) {}

  /**
   * Runs `action` unless a run is in flight or `check` finds problems. Resolves true when it
   * succeeded, false when it was refused or failed (the failure is then in `errors`). Never rejects.
   */
  async run(action: () => Promise<unknown>, options: RunOptions<Field> = {}): Promise<boolean> {
    if (this.busy) return false;
    const problems = options.check?.() ?? {};
    if (Object.values(problems).some(Boolean)) return (this.invalid(problems), false);
    this.busy = true;
    this.errors = NO_ERRORS;
    try {
      await action();
      return true;
    } catch (error) {
      if (!options.intercept?.(error)) this.errors = formErrors(error, this.fields);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** An `onsubmit` handler: no page reload, `run`, and focus on the first field to fix after a failure. */
  submit(action: () => Promise<unknown>, options: RunOptions<Field> = {}): (event: SubmitEvent) => Promise<void> {
    return async (event) => {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement | null;
      if (!(await this.run(action, options)) && hasErrors(this.errors)) await focusFirstInvalid(form);
    };
  }

  /** Shows problems found without asking the server. */
  invalid(fields: FieldProblems<Field>, message: string | null = null): void {
    this.errors = { fields, message };
  }

  /** Clears what the last run showed (a form that was reset or closed). */
  clear(): void {
    this.errors = NO_ERRORS;
  }
}

export function formAction<Field extends string = never>(fields: readonly Field[] = []): FormAction<Field> {
  return new FormAction(fields);
}
