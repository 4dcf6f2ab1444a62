import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { signAccessToken } from '../../platform/auth/access-token';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { newId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { csrfTokenFor } from '../access/session-cookies';
import { SessionsRepository, type SessionTransport } from './sessions.repository';

export interface IssuedTokens {
  sessionId: string;
  accessToken: string;
  /** `<sessionId>.<secret>`; only a hash of the secret is stored (see refreshSecretFor). */
  refreshToken: string;
  csrfToken: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

/** Creates sessions and mints their tokens. */
@Injectable()
export class SessionIssuer {
  readonly sessions: SessionsRepository;

  constructor(
    @Inject(KNEX) knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sessions = new SessionsRepository(knex);
  }

  async start(userId: string, transport: SessionTransport): Promise<IssuedTokens> {
    const sessionId = newId();
    const secret = this.refreshSecretFor(sessionId);
    const expiresAt = new Date(this.clock.now().getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
    await this.sessions.create({ sessionId, userId, transport, refreshHash: hashToken(secret), expiresAt });
    return this.tokens(userId, sessionId, secret);
  }

  /**
   * A fresh refresh secret, `<nonce>.<MAC of session and nonce>`. The MAC lets a refresh that
   * presents a token which is no longer current tell a rotated token we issued (reuse: it was
   * stolen, end the session) from a made-up one, without keeping every rotated hash; and nobody
   * who merely knows a session id can end that session with a forged token.
   */
  refreshSecretFor(sessionId: string): string {
    const nonce = randomSecret();
    return `${nonce}.${refreshMac(sessionId, nonce, this.config.AUTH_TOKEN_SECRET as string)}`;
  }

  /** True when `secret` is one this server minted for `sessionId`, current or long rotated. */
  issuedFor(sessionId: string, secret: string): boolean {
    const [nonce, mac, ...rest] = secret.split('.');
    if (!nonce || !mac || rest.length > 0) return false;
    const expected = Buffer.from(refreshMac(sessionId, nonce, this.config.AUTH_TOKEN_SECRET as string));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Access and refresh tokens for a session, e.g. after a refresh-token rotation. */
  async tokens(userId: string, sessionId: string, refreshSecret: string): Promise<IssuedTokens> {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const secret = this.config.AUTH_TOKEN_SECRET as string;
    return {
      sessionId,
      accessToken: await signAccessToken(
        { sub: userId, sid: sessionId, iat, exp: iat + this.config.ACCESS_TOKEN_TTL_SECONDS },
        secret,
      ),
      refreshToken: `${sessionId}.${refreshSecret}`,
      csrfToken: csrfTokenFor(sessionId, secret),
      accessTtlSeconds: this.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: this.config.REFRESH_TOKEN_TTL_SECONDS,
    };
  }
}

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

function refreshMac(sessionId: string, nonce: string, key: string): string {
  return createHmac('sha256', key).update(`refresh:${sessionId}:${nonce}`).digest('base64url');
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
