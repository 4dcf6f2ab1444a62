import { type CanActivate, type ExecutionContext, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { DomainError } from '../../shared-kernel/domain-error';
import { Authenticator, UnauthenticatedError } from './authenticator.service';
import { BEFORE_MFA_ROUTES, PERMISSION_MATRIX, type AccessRule } from './permission-matrix';
import type { AuthenticatedRequest, Principal } from './principal';
import { RateLimits } from './rate-limits';
import { allRouteKeys, routeKeyOf } from './route-catalog';

export class ForbiddenError extends DomainError {
  constructor(message: string, code: 'FORBIDDEN' | 'MFA_REQUIRED' = 'FORBIDDEN') {
    super(code, message);
  }
}

/** The one guard: looks the route up in the permission matrix and enforces it. */
@Injectable()
export class AccessGuard implements CanActivate, OnApplicationBootstrap {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly rateLimits: RateLimits,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** A route without a rule would be reachable by accident: refuse to start instead. */
  onApplicationBootstrap(): void {
    const missing = allRouteKeys(this.discovery, this.scanner).filter((key) => !Object.hasOwn(PERMISSION_MATRIX, key));
    if (missing.length > 0) throw new Error(`Routes missing from the permission matrix: ${missing.join(', ')}`);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = routeKeyOf(context.getClass(), context.getHandler() as (...args: never[]) => unknown);
    const rule = key ? PERMISSION_MATRIX[key] : undefined;
    if (!key || !rule) throw new ForbiddenError('This route has no access rule');
    await this.rateLimits.beforeAuthentication(request, key);
    request.principal = await this.resolvePrincipal(request, key, rule);
    authorize(rule, request.principal, request.params);
    if (
      request.principal &&
      request.principal.mfaEnabled &&
      !request.principal.mfaVerified &&
      rule.access !== 'public' &&
      !BEFORE_MFA_ROUTES.has(key)
    ) {
      throw new ForbiddenError(
        'Enter the code from your authenticator app first (POST /api/v1/auth/mfa/verify)',
        'MFA_REQUIRED',
      );
    }
    return true;
  }

  /** Charges the request to its account, or to its address when there is none or its credentials fail. */
  private async resolvePrincipal(
    request: AuthenticatedRequest,
    key: string,
    rule: AccessRule,
  ): Promise<Principal | null> {
    let principal: Principal | null;
    try {
      principal = await this.authenticator.resolve(request);
    } catch (error) {
      await this.rateLimits.afterAuthentication(request, key, null);
      // On public routes stale credentials (an expired cookie) must not block signing in again.
      if (rule.access === 'public') return null;
      throw error;
    }
    await this.rateLimits.afterAuthentication(request, key, principal);
    return principal;
  }
}

export function authorize(
  rule: AccessRule,
  principal: Principal | null | undefined,
  params: Record<string, string | string[]>,
): void {
  if (rule.access === 'public') return;
  if (!principal) throw new UnauthenticatedError();
  if (rule.access === 'authenticated') return;
  const isOwner = rule.owner !== undefined && principal.userId !== null && params[rule.owner] === principal.userId;
  if (isOwner) return;
  if (!principal.roles.some((role) => rule.roles.includes(role))) {
    throw new ForbiddenError(`This needs one of the roles: ${rule.roles.join(', ')}`);
  }
  if (rule.mfa && !principal.mfaVerified) {
    throw new ForbiddenError(
      'This needs a session verified with your authenticator app (POST /api/v1/auth/mfa/verify)',
      'MFA_REQUIRED',
    );
  }
}
