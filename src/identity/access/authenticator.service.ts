import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { verifyAccessToken } from '../../platform/auth/access-token';
import { secretsEqual } from '../../platform/auth/constant-time';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamStateCache } from '../../platform/event-store/stream-state-cache';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { ApiTokensRepository } from '../accounts/api-tokens.repository';
import { SessionsRepository } from '../accounts/sessions.repository';
import type { Role } from '../domain/roles.contract';
import { userStream } from '../domain/user.events';
import { userDecider } from '../domain/user.state';
import type { AuthenticatedRequest, Principal } from './principal';
import { ApiTokenCache } from './api-token-cache';
import { ACCESS_COOKIE, readCookie, requireCsrf } from './session-cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// The id must be a real UUID before it reaches the uuid column: `[0-9a-f-]{36}` let "sst_----…_secret"
// through to PostgreSQL, whose "invalid input syntax for type uuid" was a 500 (found by the fuzzer).
const INTEGRATION_TOKEN = /^sst_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{20,})$/;

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in first') {
    super('UNAUTHENTICATED', message);
  }
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Turns credentials into a Principal. A token that is present but invalid is a 401, never a
 * silent fall-back to anonymous. Sessions and roles are read from the database on every
 * request (roles from a cached fold of the user stream that reads only the events appended
 * since), so logout, session revocation and role changes take effect at once. Integration
 * tokens are the exception: their rows are kept for API_TOKEN_CACHE_MS (see ApiTokenCache).
 */
@Injectable()
export class Authenticator {
  private readonly sessions: SessionsRepository;
  private readonly apiTokens: ApiTokensRepository;
  private readonly tokenCache: ApiTokenCache;
  private readonly userStates = new StreamStateCache();

  constructor(
    @Inject(KNEX) knex: Knex,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sessions = new SessionsRepository(knex);
    this.apiTokens = new ApiTokensRepository(knex);
    this.tokenCache = new ApiTokenCache(config.API_TOKEN_CACHE_MS);
  }

  async resolve(request: AuthenticatedRequest): Promise<Principal | null> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      // Exactly "Bearer <token>": "Bearer <token> anything" used to authenticate as <token> (found by the fuzzer).
      const [scheme, token, ...rest] = authorization.split(' ');
      if (scheme !== 'Bearer' || !token || rest.length > 0)
        throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
      return INTEGRATION_TOKEN.test(token) ? this.integration(token) : this.userSession(token, 'bearer');
    }
    const cookie = readCookie(request, ACCESS_COOKIE);
    if (!cookie) return null;
    const principal = await this.userSession(cookie, 'cookie');
    if (!SAFE_METHODS.has(request.method)) requireCsrf(request, principal.sessionId as string, this.secret());
    return principal;
  }

  private async userSession(token: string, transport: 'cookie' | 'bearer'): Promise<Principal> {
    const now = this.clock.now();
    const claims = await verifyAccessToken(token, this.secret(), Math.floor(now.getTime() / 1000));
    const session = await this.sessions.byId(claims.sid);
    if (!session || session.revoked_at || session.expires_at <= now || session.user_id !== claims.sub) {
      throw new UnauthenticatedError('The session has ended; sign in again');
    }
    if (session.transport !== transport)
      throw new UnauthenticatedError('This token belongs to another kind of session');
    return {
      kind: 'user',
      userId: claims.sub,
      sessionId: claims.sid,
      tokenId: null,
      ...(await this.access(claims.sub)),
      mfaVerified: session.mfa_verified_at !== null,
      transport,
      accessExpiresAtMs: Math.min(claims.exp * 1000, session.expires_at.getTime()),
    };
  }

  private async integration(token: string): Promise<Principal> {
    const [, tokenId, secret] = INTEGRATION_TOKEN.exec(token) as RegExpExecArray;
    const row = await this.tokenCache.get(tokenId, this.clock.now().getTime(), (id) => this.apiTokens.byId(id));
    if (!row || row.revoked_at || !secretsEqual(hashSecret(secret), row.secret_hash))
      throw new UnauthenticatedError('Unknown or revoked integration token');
    return {
      kind: 'integration',
      userId: null,
      sessionId: null,
      tokenId,
      roles: [row.role as Role],
      mfaVerified: false,
      mfaEnabled: false,
      transport: 'token',
    };
  }

  private async access(userId: string): Promise<{ roles: Role[]; mfaEnabled: boolean }> {
    const { roles, mfaEnabled } = (await this.userStates.load(this.store, userStream(userId), userDecider)).state;
    return { roles, mfaEnabled };
  }

  private secret(): string {
    return this.config.AUTH_TOKEN_SECRET as string;
  }
}
