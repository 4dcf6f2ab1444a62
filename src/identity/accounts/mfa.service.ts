import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import QRCode from 'qrcode';
import { secretsEqual } from '../../platform/auth/constant-time';
import { generateTotpSecret, matchTotp, otpauthUri } from '../../platform/auth/totp';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamStateCache } from '../../platform/event-store/stream-state-cache';
import { derivedId, newId } from '../../shared-kernel/ids';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { UserStreamWriter } from '../commands/user-stream.writer';
import { refuseWhileMfaLocked } from '../domain/lockout.decide';
import { decideUser } from '../domain/user.decide';
import { userStream, type MfaCodeKind } from '../domain/user.events';
import { userDecider } from '../domain/user.state';
import { AccountsRepository } from './accounts.repository';
import { MfaRepository, type MfaFactorRow } from './mfa.repository';
import { SessionsRepository } from './sessions.repository';

const RECOVERY_CODES = 10;

export class InvalidMfaCodeError extends DomainError {
  constructor() {
    super('INVALID_MFA_CODE', 'That code is wrong, expired or already used');
  }
}

/** TOTP enrolment (secret → QR → first code → recovery codes) and session step-up. */
@Injectable()
export class MfaService {
  private readonly factors: MfaRepository;
  private readonly accounts: AccountsRepository;
  private readonly sessions: SessionsRepository;
  private readonly userStates = new StreamStateCache();

  constructor(
    @Inject(KNEX) knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly writer: UserStreamWriter,
  ) {
    this.factors = new MfaRepository(knex);
    this.accounts = new AccountsRepository(knex);
    this.sessions = new SessionsRepository(knex);
  }

  async enroll(userId: string): Promise<{ otpauthUri: string; qrSvg: string }> {
    const secret = generateTotpSecret();
    if (!(await this.factors.savePending(userId, secret))) {
      throw new DomainError('MFA_ALREADY_ENABLED', 'An authenticator app is already set up for this account');
    }
    const account = await this.accounts.byId(userId);
    const uri = otpauthUri(secret, account?.email ?? userId);
    return { otpauthUri: uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
  }

  /**
   * The first good code turns MFA on, verifies this session and hands out recovery codes once.
   * The factor row is confirmed before MfaEnabled is appended, and MFA counts as on only once the
   * event exists (here and in `verify`): a confirmation that stopped between the two writes is
   * invisible, and confirming again with a fresh code completes it, with new recovery codes.
   */
  async confirm(userId: string, sessionId: string, code: string): Promise<{ recoveryCodes: string[] }> {
    const factor = await this.factors.factor(userId);
    if (!factor) throw new DomainError('MFA_NOT_ENROLLED', 'Start with POST /api/v1/auth/mfa/enroll');
    // Asked before a code is spent: an account whose MFA is on already is refused without one.
    const before = await this.writer.state(userId);
    decideUser({ type: 'EnableMfa', userId }, before);
    await this.prove(userId, 'totp', (now) => this.spendTotp(factor, code, now, true));
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.factors.replaceRecoveryCodes(userId, recoveryCodes.map(hashCode));
    await this.writer.write(
      userId,
      { commandId: enableMfaCommandId(userId, before.mfaResets), actorId: userId },
      (state) => decideUser({ type: 'EnableMfa', userId }, state),
    );
    await this.sessions.markMfaVerified(sessionId, this.clock.now());
    return { recoveryCodes };
  }

  async verify(userId: string, sessionId: string, proof: { code: string } | { recoveryCode: string }): Promise<void> {
    const factor = await this.factors.factor(userId);
    if (!factor?.confirmed_at || !(await this.writer.state(userId)).mfaEnabled)
      throw new DomainError('MFA_NOT_ENABLED', 'Set up an authenticator app first');
    if ('code' in proof) await this.prove(userId, 'totp', (now) => this.spendTotp(factor, proof.code, now, false));
    else await this.prove(userId, 'recovery', (now) => this.spendRecoveryCode(userId, proof.recoveryCode, now));
    await this.sessions.markMfaVerified(sessionId, this.clock.now());
  }

  /**
   * Every MFA code passes here. While the account is locked it is refused unseen; otherwise it is
   * checked and spent, then recorded on the user's stream: a refused one (wrong, expired or
   * already used) as MfaCodeRejected, which counts towards the lock. A good code is spent before
   * the stream decides: if a racing burst of wrong codes locked the account meanwhile, it is
   * refused and stays spent, which errs on the safe side.
   */
  private async prove(userId: string, kind: MfaCodeKind, spend: (now: Date) => Promise<boolean>): Promise<void> {
    const now = this.clock.now();
    refuseWhileMfaLocked((await this.userStates.load(this.store, userStream(userId), userDecider)).state, now);
    const good = await spend(now);
    const context = { commandId: newId(), actorId: userId };
    await this.writer.write(userId, context, (state) =>
      decideUser({ type: good ? 'AcceptMfaCode' : 'RejectMfaCode', kind, now }, state),
    );
    if (!good) throw new InvalidMfaCodeError();
  }

  /** otplib compares the code in constant time; the conditional update spends its step once. */
  private async spendTotp(factor: MfaFactorRow, code: string, now: Date, confirming: boolean): Promise<boolean> {
    const step = matchTotp(factor.secret, code, now.getTime(), Number(factor.last_used_step));
    return step !== null && (await this.factors.useStep(factor.user_id, step, confirming ? now : null));
  }

  /** Compares with every unused code (no early exit) in constant time, then spends the match once. */
  private async spendRecoveryCode(userId: string, code: string, now: Date): Promise<boolean> {
    const given = hashCode(code);
    const match = (await this.factors.unusedRecoveryCodeHashes(userId)).find((hash) => secretsEqual(given, hash));
    return match !== undefined && (await this.factors.useRecoveryCode(userId, match, now));
  }
}

/** One MfaEnabled per approved MFA reset: after the n-th reset, enabling again is a new command. */
function enableMfaCommandId(userId: string, mfaResets: number): string {
  return mfaResets === 0 ? derivedId('mfa-enabled', userId) : derivedId('mfa-enabled', userId, String(mfaResets));
}

function newRecoveryCode(): string {
  const text = randomBytes(10)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0');
  return `${text.slice(0, 5)}-${text.slice(5, 10)}`;
}

function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
