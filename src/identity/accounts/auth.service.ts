import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { derivedId, newId } from '../../platform/ids/ids';
import { DomainError } from '../../platform/http/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { UnauthenticatedError } from '../access/authenticator.service';
import { register } from '../domain/user.decide';
import { UserStreamWriter } from '../commands/user-stream.writer';
import { AccountsRepository, type AccountRow } from './accounts.repository';
import { SessionIssuer, hashToken, randomSecret, type IssuedTokens } from './session-issuer.service';
import type { SessionTransport } from './sessions.repository';

const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60_000;

/** After five free failures the account locks for 1 s, 2 s, 4 s… up to 15 minutes. */
export function lockMsAfter(failures: number): number {
  return failures <= FREE_FAILURES ? 0 : Math.min(MAX_LOCK_MS, 1000 * 2 ** (failures - FREE_FAILURES - 1));
}

export class AccountLockedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'ACCOUNT_LOCKED', `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

/** Registration, sign-in, refresh-token rotation and sign-out. */
@Injectable()
export class AuthService {
  private readonly accounts: AccountsRepository;
  private unknownAccountHash: Promise<string> | undefined;

  constructor(
    @Inject(KNEX) knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly writer: UserStreamWriter,
    private readonly issuer: SessionIssuer,
  ) {
    this.accounts = new AccountsRepository(knex);
  }

  /**
   * The account row (email, hash) first, then UserRegistered with an id derived from the user:
   * if the append fails, signing up again with the same credentials, or signing in, finishes the job.
   */
  async register(email: string, password: string): Promise<{ userId: string }> {
    const passwordHash = await bcrypt.hash(password, this.config.BCRYPT_COST);
    const userId = newId();
    let account: AccountRow | undefined;
    if (!(await this.accounts.insert({ userId, email, passwordHash }))) {
      account = await this.accounts.byEmail(email);
      if (!account || !(await bcrypt.compare(password, account.password_hash))) {
        throw new DomainError(409, 'EMAIL_TAKEN', 'An account with this email already exists; sign in instead');
      }
    }
    const id = account?.user_id ?? userId;
    await this.finishRegistration(id);
    return { userId: id };
  }

  /** Idempotent: the event's id derives from the user, so a second call writes nothing. */
  private async finishRegistration(userId: string): Promise<void> {
    await this.writer.write(userId, { commandId: derivedId('register', userId), actorId: userId }, (state) => register(state, userId));
  }

  async login(email: string, password: string, transport: SessionTransport): Promise<IssuedTokens & { userId: string }> {
    const account = await this.accounts.byEmail(email);
    // Compare against a throwaway hash when the email is unknown, so timing doesn't reveal it.
    this.unknownAccountHash ??= bcrypt.hash(randomSecret(), this.config.BCRYPT_COST);
    const hash = account?.password_hash ?? (await this.unknownAccountHash);
    const now = this.clock.now();
    if (account?.locked_until && account.locked_until > now) {
      await this.recordFailure(account.user_id, 'LOCKED_OUT');
      throw new AccountLockedError(Math.ceil((account.locked_until.getTime() - now.getTime()) / 1000));
    }
    const matches = await bcrypt.compare(password, hash);
    if (!account || !matches) {
      if (account) {
        await this.accounts.recordFailure(account.user_id, now, lockMsAfter);
        await this.recordFailure(account.user_id, 'BAD_PASSWORD');
      }
      throw new UnauthenticatedError('Email or password is wrong');
    }
    if (account.failed_logins > 0) await this.accounts.clearFailures(account.user_id);
    // An account whose UserRegistered append failed at sign-up signs in as a registered user: the sign-in finishes the pair.
    if (!(await this.writer.state(account.user_id)).registered) await this.finishRegistration(account.user_id);
    return { userId: account.user_id, ...(await this.issuer.start(account.user_id, transport)) };
  }

  /** Rotates the refresh token. Presenting an already-rotated one ends the session: it was stolen. */
  async refresh(refreshToken: string, transport: SessionTransport): Promise<IssuedTokens & { userId: string }> {
    const [sessionId, secret] = refreshToken.split('.');
    const session = sessionId && secret ? await this.issuer.sessions.byId(sessionId).catch(() => undefined) : undefined;
    const now = this.clock.now();
    if (!session || session.revoked_at || session.expires_at <= now || session.transport !== transport) {
      throw new UnauthenticatedError('The refresh token is not valid; sign in again');
    }
    if (session.previous_refresh_hash === hashToken(secret)) {
      await this.issuer.sessions.revoke(sessionId, now, 'refresh token reused');
      throw new UnauthenticatedError('This refresh token was already used; the session has been ended');
    }
    const next = randomSecret();
    if (!(await this.issuer.sessions.rotate(sessionId, hashToken(secret), hashToken(next)))) {
      throw new UnauthenticatedError('The refresh token is not valid; sign in again');
    }
    return { userId: session.user_id, ...this.issuer.tokens(session.user_id, sessionId, next) };
  }

  async logout(sessionId: string): Promise<void> {
    await this.issuer.sessions.revoke(sessionId, this.clock.now(), 'signed out');
  }

  /** A security event without the password or the email (DESIGN §1). */
  private async recordFailure(userId: string, reason: 'BAD_PASSWORD' | 'LOCKED_OUT'): Promise<void> {
    await this.writer.write(userId, { commandId: newId(), actorId: null }, () => [{ type: 'LoginFailed', data: { reason } }]);
  }
}
