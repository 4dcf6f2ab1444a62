import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { derivedId, newId } from '../../shared-kernel/ids';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { UnauthenticatedError } from '../access/authenticator.service';
import { AccountLockedError, passwordLockMs } from '../domain/lockout.decide';
import { decideUser } from '../domain/user.decide';
import { UserStreamWriter } from '../commands/user-stream.writer';
import { AccountsRepository, type AccountRow } from './accounts.repository';
import { SessionIssuer, hashToken, randomSecret, type IssuedTokens } from './session-issuer.service';
import type { SessionTransport } from './sessions.repository';

export class EmailTakenError extends DomainError {
  constructor() {
    super('EMAIL_TAKEN', 'An account with this email already exists; sign in instead');
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
   * Sign-up, never a sign-in: an email that has an account is 409 EMAIL_TAKEN whatever the
   * password (it is not even compared), so registering can't be used to test passwords past the
   * sign-in limit and the account lock. A genuine retry sends the same Idempotency-Key: the user
   * id is derived from the email and the key, so the retry finds its own account and answers the
   * first 201 again. Without a key, every sign-up gets a fresh id.
   */
  async register(email: string, password: string, idempotencyKey: string | null = null): Promise<{ userId: string }> {
    const userId = idempotencyKey === null ? newId() : derivedId('register', email, idempotencyKey);
    const account = await this.openAccount(userId, email, password);
    if (account?.user_id !== userId) throw new EmailTakenError();
    return { userId };
  }

  /**
   * For the operator's CLI and the demo seed, never over HTTP: an existing account with the same
   * password is reused, so running them again finishes what a failed run began.
   */
  async registerOrReuse(email: string, password: string): Promise<{ userId: string }> {
    const userId = newId();
    const account = await this.openAccount(userId, email, password);
    if (!account || (account.user_id !== userId && !(await bcrypt.compare(password, account.password_hash))))
      throw new EmailTakenError();
    return { userId: account.user_id };
  }

  /**
   * The account row (email, hash) first, then UserRegistered with an id derived from the user:
   * if the append fails, any later sign-up for the email finishes the job. Returns the account
   * holding the email: the new one, or the one that already did (undefined only if it vanished).
   * The password is hashed either way, so a taken email takes as long as a new one.
   */
  private async openAccount(
    userId: string,
    email: string,
    password: string,
  ): Promise<Pick<AccountRow, 'user_id' | 'password_hash'> | undefined> {
    const passwordHash = await bcrypt.hash(password, this.config.BCRYPT_COST);
    const created = await this.accounts.insert({ userId, email, passwordHash });
    const account = created ? { user_id: userId, password_hash: passwordHash } : await this.accounts.byEmail(email);
    if (account) await this.finishRegistration(account.user_id);
    return account;
  }

  /** Idempotent: the event's id derives from the user, so a second call writes nothing. */
  private async finishRegistration(userId: string): Promise<void> {
    await this.writer.write(userId, { commandId: derivedId('register', userId), actorId: userId }, (state) =>
      decideUser({ type: 'Register', userId }, state),
    );
  }

  async login(
    email: string,
    password: string,
    transport: SessionTransport,
  ): Promise<IssuedTokens & { userId: string }> {
    const account = await this.accounts.byEmail(email);
    // Compare against a throwaway hash when the email is unknown, so timing doesn't reveal it.
    this.unknownAccountHash ??= bcrypt.hash(randomSecret(), this.config.BCRYPT_COST);
    const hash = account?.password_hash ?? (await this.unknownAccountHash);
    const now = this.clock.now();
    // A locked account's password is not even compared (bcrypt is the expensive part of a guess).
    if (account && passwordLockMs(await this.writer.state(account.user_id), now) > 0)
      await this.refuseLoggingIn(account.user_id, now);
    const matches = await bcrypt.compare(password, hash);
    if (!account || !matches) {
      if (account) await this.refuseLoggingIn(account.user_id, now);
      throw new UnauthenticatedError('Email or password is wrong');
    }
    // Decided on the stream's latest state: a burst of wrong guesses that earned a lock meanwhile refuses the right password too.
    const { state } = await this.writer.write(
      account.user_id,
      { commandId: newId(), actorId: account.user_id },
      (current) => decideUser({ type: 'AcceptPassword', now }, current),
    );
    // An account whose UserRegistered append failed at sign-up signs in as a registered user: the sign-in finishes the pair.
    if (!state.registered) await this.finishRegistration(account.user_id);
    return { userId: account.user_id, ...(await this.issuer.start(account.user_id, transport)) };
  }

  /** Records the refusal (never the password or the email) and answers 429 while locked, else 401. */
  private async refuseLoggingIn(userId: string, now: Date): Promise<never> {
    const { events, state } = await this.writer.write(userId, { commandId: newId(), actorId: null }, (current) =>
      decideUser({ type: 'RejectPassword', now }, current),
    );
    const lockedOut = events.some((event) => event.type === 'LoginFailed' && event.data.reason === 'LOCKED_OUT');
    if (lockedOut) throw new AccountLockedError(Math.max(1, Math.ceil(passwordLockMs(state, now) / 1000)));
    throw new UnauthenticatedError('Email or password is wrong');
  }

  /**
   * Rotates the refresh token. Presenting one this server issued for the session that is no
   * longer its current one ends the session, however many rotations old it is: it was stolen,
   * or raced by a thief. The swap is one conditional UPDATE, so of two refreshes with the same
   * token exactly one wins and the other counts as reuse.
   */
  async refresh(refreshToken: string, transport: SessionTransport): Promise<IssuedTokens & { userId: string }> {
    const separator = refreshToken.indexOf('.');
    const sessionId = refreshToken.slice(0, separator);
    const secret = refreshToken.slice(separator + 1);
    const session =
      separator > 0 && secret ? await this.issuer.sessions.byId(sessionId).catch(() => undefined) : undefined;
    const now = this.clock.now();
    if (!session || session.revoked_at || session.expires_at <= now || session.transport !== transport) {
      throw new UnauthenticatedError('The refresh token is not valid; sign in again');
    }
    const next = this.issuer.refreshSecretFor(sessionId);
    if (await this.issuer.sessions.rotate(sessionId, hashToken(secret), hashToken(next))) {
      return { userId: session.user_id, ...(await this.issuer.tokens(session.user_id, sessionId, next)) };
    }
    if (this.issuer.issuedFor(sessionId, secret)) {
      await this.issuer.sessions.revoke(sessionId, now, 'refresh token reused');
      throw new UnauthenticatedError('This refresh token was already used; the session has been ended');
    }
    throw new UnauthenticatedError('The refresh token is not valid; sign in again');
  }

  async logout(sessionId: string): Promise<void> {
    await this.issuer.sessions.revoke(sessionId, this.clock.now(), 'signed out');
  }
}
