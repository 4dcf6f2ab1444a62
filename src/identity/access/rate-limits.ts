import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import type { Request } from 'express';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { DomainError } from '../../shared-kernel/domain-error';
import { clientAddressOf } from '../../platform/http/client-address';
import { KNEX } from '../../platform/platform.tokens';
import { actorIdOf, type Principal } from './principal';
import { SharedRateLimiter, type RateLimit } from './shared-rate-limiter';

/**
 * Routes where a caller tries credentials, limited per address on top of everything else. They
 * are route keys (what Nest routes by), not URL strings: `/API/v1/auth/login/` reaches the same
 * handler as `/api/v1/auth/login`, so it meets the same limit.
 */
// A password change tries the current password; a reset link is itself a credential to guess.
const SIGN_IN_ROUTES = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/password-reset',
]);
/** Public and CPU-bound (an ECDSA verification per call): its own per-address limit on top of the general one. */
const SIGNATURE_VERIFY_ROUTE = 'POST /api/v1/signatures/verify';
// Load balancers poll it; it reads checkpoints only, and a 429 there would take instances out.
export const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['GET /api/health']);

export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    whose: string,
  ) {
    super('RATE_LIMITED', `Too many requests ${whose}; slow down and retry in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}

/**
 * Who pays for a request: a signed-in session or an integration pays from its own account's
 * budget, sized for a working day of the portal open in two tabs, so people behind one NAT
 * don't share one; anything unauthenticated (and every failed authentication) pays from its
 * address's smaller budget. Counters are shared by every instance (SharedRateLimiter).
 */
@Injectable()
export class RateLimits {
  private readonly limiter: SharedRateLimiter;
  private readonly signIn: RateLimit;
  private readonly anonymous: RateLimit;
  private readonly account: RateLimit;
  private readonly signatureVerify: RateLimit;

  constructor(
    @Inject(KNEX) knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limiter = new SharedRateLimiter(knex);
    const windowMs = config.RATE_LIMIT_WINDOW_MS;
    this.signIn = { bucket: 'sign-in', max: config.LOGIN_RATE_LIMIT_MAX, windowMs };
    this.anonymous = { bucket: 'address', max: config.RATE_LIMIT_MAX, windowMs };
    this.account = { bucket: 'account', max: config.ACCOUNT_RATE_LIMIT_MAX, windowMs, batched: true };
    this.signatureVerify = { bucket: 'signature-verify', max: config.SIGNATURE_VERIFY_RATE_LIMIT_MAX, windowMs };
  }

  /** Before credentials are looked at: the sign-in limit per address. */
  async beforeAuthentication(request: Request, routeKey: string): Promise<void> {
    if (SIGN_IN_ROUTES.has(routeKey)) await this.charge(this.signIn, clientAddressOf(request), 'from this address');
    if (routeKey === SIGNATURE_VERIFY_ROUTE)
      await this.charge(this.signatureVerify, clientAddressOf(request), 'from this address');
  }

  /** Once the caller is known (null: anonymous, or its credentials failed). */
  async afterAuthentication(request: Request, routeKey: string, principal: Principal | null): Promise<void> {
    if (UNLIMITED_ROUTES.has(routeKey)) return;
    if (principal) await this.charge(this.account, actorIdOf(principal), 'for this account');
    else await this.charge(this.anonymous, clientAddressOf(request), 'from this address');
  }

  private async charge(limit: RateLimit, subject: string, whose: string): Promise<void> {
    const retryAfterSeconds = await this.limiter.hit(limit, subject, this.clock.now().getTime());
    if (retryAfterSeconds !== null) throw new RateLimitedError(retryAfterSeconds, whose);
  }
}
