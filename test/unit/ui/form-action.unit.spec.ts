import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../ui/src/lib/api';
import { formAction } from '../../../ui/src/lib/form-action.svelte';

/** The portal's one busy/error block for forms, driven as a form drives it. */

/** An action the test finishes or fails when it chooses. */
function pending() {
  let finish: () => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const promise = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  return { promise, finish, fail };
}

describe('formAction()', () => {
  it('is busy while the action runs, and not after it succeeded', async () => {
    const form = formAction();
    const action = pending();
    const result = form.run(() => action.promise);
    expect(form.busy).toBe(true);
    action.finish();
    expect(await result).toBe(true);
    expect(form.busy).toBe(false);
    expect(form.error).toBeNull();
  });

  it('shows the error and resets busy after a failed submit, so the person can try again', async () => {
    const form = formAction();
    const action = pending();
    const result = form.run(() => action.promise);
    action.fail(new ApiError(409, 'VENTURE_NAME_TAKEN', 'A venture with that name exists.'));
    expect(await result).toBe(false);
    expect(form.busy).toBe(false);
    expect(form.error).toBe('A venture with that name exists.');
    expect(await form.run(() => Promise.resolve(undefined))).toBe(true);
    expect(form.error).toBeNull();
  });

  it('refuses a second submit while the first is in flight: one request, not two', async () => {
    const form = formAction();
    const action = pending();
    let calls = 0;
    const first = form.run(() => ((calls += 1), action.promise));
    const second = form.run(() => ((calls += 1), action.promise));
    expect(await second).toBe(false);
    action.finish();
    expect(await first).toBe(true);
    expect(calls).toBe(1);
  });

  it('puts validation failures next to the fields the form shows, and the rest above', async () => {
    const form = formAction(['name'] as const);
    const issues = [
      { path: 'name', message: 'too short' },
      { path: 'tier', message: 'must be 1-5' },
    ];
    await form.run(() => Promise.reject(new ApiError(400, 'VALIDATION_FAILED', 'Invalid input', { issues })));
    expect(form.errors.fields).toEqual({ name: 'Too short.' });
    expect(form.error).toBe('Must be 1-5.');
  });

  it('runs nothing when the check finds problems, and shows them', async () => {
    const form = formAction(['name'] as const);
    let calls = 0;
    const ok = await form.run(
      () => {
        calls += 1;
        return Promise.resolve();
      },
      { check: () => ({ name: 'Use 2–120 characters.' }) },
    );
    expect(ok).toBe(false);
    expect(calls).toBe(0);
    expect(form.busy).toBe(false);
    expect(form.errors.fields.name).toBe('Use 2–120 characters.');
  });

  it('leaves a failure the form intercepts (a step-up) unshown', async () => {
    const form = formAction();
    const ok = await form.run(() => Promise.reject(new ApiError(403, 'MFA_REQUIRED', 'Verify first.')), {
      intercept: (error) => error instanceof ApiError && error.code === 'MFA_REQUIRED',
    });
    expect(ok).toBe(false);
    expect(form.error).toBeNull();
    expect(form.busy).toBe(false);
  });
});
