import { goto } from '$app/navigation';
import {
  ApiError,
  csrfToken,
  errorMessage,
  forgetCsrfToken,
  getMe,
  login,
  logout,
  onSessionExpired,
  verifyMfa,
  type LoginResult,
  type Me,
  type MfaProof,
  type Role,
} from '$lib/api';
import { live } from '$lib/live.svelte';

/** A one-off message for the next page: "account created", "signed out", "session ended". */
export interface Flash {
  tone: 'ok' | 'info' | 'warn';
  text: string;
}

/**
 * Who is signed in, for the whole portal. The session itself lives in httpOnly cookies the
 * page can't read; this only holds what GET /auth/me says about it.
 */
export class Session {
  user = $state<Me | null>(null);
  /**
   * Set when the account could not be read for a reason other than "not signed in": a 429 (then
   * `status` is 429 and the message says how long to wait) or the server being away. Whoever was
   * signed in stays signed in.
   */
  problem = $state<{ status: number; message: string } | null>(null);
  /** The email just registered, to prefill sign-in. In memory only. */
  lastEmail = $state('');

  readonly signedIn = $derived(this.user !== null);
  /** MFA is on but this session has not passed a code yet. */
  readonly needsMfaVerification = $derived(this.user !== null && this.user.mfaEnabled && !this.user.mfaVerified);
  /** The user holds a role that needs MFA and has not set it up. */
  readonly needsMfaEnrolment = $derived(
    this.user !== null && !this.user.mfaEnabled && this.user.mfaRequiredForRoles.length > 0,
  );

  #flash: Flash | null = null;
  // eslint-disable-next-line no-unused-private-class-members -- read by the `??=` in #followLive: it subscribes once per tab
  #accountNotices: (() => void) | undefined;
  #loading: Promise<void> | undefined;
  #signingOut = false;

  hasRole(role: Role): boolean {
    return this.user?.roles.includes(role) ?? false;
  }

  /** Reads the account once per page load; later callers share that first read. */
  ensureLoaded(): Promise<void> {
    this.#loading ??= this.reload();
    return this.#loading;
  }

  async reload(): Promise<void> {
    // No CSRF cookie means no portal session, so anonymous visitors make no doomed /me call.
    if (!csrfToken()) {
      this.user = null;
      return;
    }
    try {
      this.user = await getMe();
      this.problem = null;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.user = null;
        this.problem = null;
        // A session that ended while the tab was closed leaves its CSRF cookie behind.
        forgetCsrfToken();
      } else {
        // A blip or a 429 keeps whoever was signed in; the layout says the account could not be checked.
        this.problem = { status: error instanceof ApiError ? error.status : 0, message: errorMessage(error) };
      }
    }
    this.#followLive();
  }

  /** One stream per tab while someone is signed in (and past the TOTP step); their own account changes reload this. */
  #followLive(): void {
    if (this.user === null) return live.stop();
    if (this.needsMfaVerification) return;
    live.start();
    // Not on a resync (every fresh stream starts with one): pages reload then, but roles change
    // only by account notices, and a role change also ends the stream, whose resume replays them.
    this.#accountNotices ??= live.subscribe(['account'], (notice) => {
      if (this.user && notice !== null && notice.ids.includes(this.user.userId)) void this.reload();
    });
  }

  async signIn(email: string, password: string): Promise<LoginResult> {
    const result = await login(email, password);
    await this.reload();
    return result;
  }

  /** Steps this session up with a TOTP or recovery code. */
  async verify(proof: MfaProof): Promise<void> {
    await verifyMfa(proof);
    await this.reload();
  }

  async signOut(): Promise<void> {
    this.#signingOut = true;
    try {
      await logout();
    } catch {
      // The session had already ended (or the server is away): forget it on this side anyway.
      forgetCsrfToken();
    } finally {
      this.#signingOut = false;
      this.user = null;
      live.stop();
      this.flash('info', 'You have signed out.');
    }
  }

  flash(tone: Flash['tone'], text: string): void {
    this.#flash = { tone, text };
  }

  /** The message left for this page, once. */
  takeFlash(): Flash | null {
    const flash = this.#flash;
    this.#flash = null;
    return flash;
  }

  /** A refresh failed in the middle of something: send the person to sign in, then back. */
  expired(): void {
    live.stop();
    if (this.#signingOut || this.user === null) return;
    this.user = null;
    forgetCsrfToken();
    this.flash('warn', 'Your session has ended. Sign in again to continue.');
    const next = `${location.pathname}${location.search}`;
    void goto(`/signin?next=${encodeURIComponent(next)}`);
  }
}

export const session = new Session();

onSessionExpired(() => session.expired());
