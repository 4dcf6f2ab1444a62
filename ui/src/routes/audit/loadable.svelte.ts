import { errorMessage, isApiError } from '$lib/api';
import { session } from '$lib/session.svelte';

/**
 * One read from the auditor API and what became of it, for a component to show. A 403 means
 * the session lost its role or its MFA step-up: re-reading the account lets the RoleGate say so.
 */
export class Loadable<T> {
  value = $state<T | null>(null);
  error = $state<string | null>(null);
  errorCode = $state<string | null>(null);
  loading = $state(false);
  /** At least one read has finished, well or not. */
  settled = $state(false);

  constructor(private readonly read: () => Promise<T>) {}

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.value = await this.read();
      this.error = null;
      this.errorCode = null;
    } catch (error) {
      if (isApiError(error, 'MFA_REQUIRED') || isApiError(error, 'FORBIDDEN')) await session.reload();
      this.error = errorMessage(error);
      this.errorCode = isApiError(error) ? error.code : null;
    } finally {
      this.loading = false;
      this.settled = true;
    }
  }
}
