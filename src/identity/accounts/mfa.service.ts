import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import QRCode from 'qrcode';
import { generateTotpSecret, matchTotp, otpauthUri } from '../../platform/auth/totp';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { derivedId, newId } from '../../platform/ids/ids';
import { DomainError } from '../../platform/http/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { UserStreamWriter } from '../commands/user-stream.writer';
import { enableMfa } from '../domain/user.decide';
import { AccountsRepository } from './accounts.repository';
import { MfaRepository } from './mfa.repository';
import { SessionsRepository } from './sessions.repository';

const RECOVERY_CODES = 10;

export class InvalidMfaCodeError extends DomainError {
  constructor() {
    super(400, 'INVALID_MFA_CODE', 'That code is wrong, expired or already used');
  }
}

/** TOTP enrolment (secret → QR → first code → recovery codes) and session step-up. */
@Injectable()
export class MfaService {
  private readonly factors: MfaRepository;
  private readonly accounts: AccountsRepository;
  private readonly sessions: SessionsRepository;

  constructor(
    @Inject(KNEX) knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writer: UserStreamWriter,
  ) {
    this.factors = new MfaRepository(knex);
    this.accounts = new AccountsRepository(knex);
    this.sessions = new SessionsRepository(knex);
  }

  async enroll(userId: string): Promise<{ otpauthUri: string; qrSvg: string }> {
    const secret = generateTotpSecret();
    if (!(await this.factors.savePending(userId, secret))) {
      throw new DomainError(409, 'MFA_ALREADY_ENABLED', 'An authenticator app is already set up for this account');
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
    if (!factor) throw new DomainError(409, 'MFA_NOT_ENROLLED', 'Start with POST /api/v1/auth/mfa/enroll');
    if ((await this.writer.state(userId)).mfaEnabled) throw new DomainError(409, 'MFA_ALREADY_ENABLED', 'An authenticator app is already set up for this account');
    await this.spendCode(userId, factor.secret, Number(factor.last_used_step), code, true);
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.factors.replaceRecoveryCodes(userId, recoveryCodes.map(hashCode));
    await this.writer.write(userId, { commandId: derivedId('mfa-enabled', userId), actorId: userId }, (state) => enableMfa(state, userId));
    await this.sessions.markMfaVerified(sessionId, this.clock.now());
    return { recoveryCodes };
  }

  async verify(userId: string, sessionId: string, proof: { code: string } | { recoveryCode: string }): Promise<void> {
    const factor = await this.factors.factor(userId);
    if (!factor?.confirmed_at || !(await this.writer.state(userId)).mfaEnabled) throw new DomainError(409, 'MFA_NOT_ENABLED', 'Set up an authenticator app first');
    if ('code' in proof) await this.spendCode(userId, factor.secret, Number(factor.last_used_step), proof.code, false);
    else if (!(await this.factors.useRecoveryCode(userId, hashCode(proof.recoveryCode), this.clock.now()))) throw new InvalidMfaCodeError();
    await this.sessions.markMfaVerified(sessionId, this.clock.now());
  }

  private async spendCode(userId: string, secret: string, lastUsedStep: number, code: string, confirming: boolean): Promise<void> {
    const step = matchTotp(secret, code, this.clock.now().getTime(), lastUsedStep);
    if (step === null) {
      await this.writer.write(userId, { commandId: newId(), actorId: userId }, () => [
        { type: 'LoginFailed', data: { reason: 'BAD_MFA_CODE' } },
      ]);
      throw new InvalidMfaCodeError();
    }
    if (!(await this.factors.useStep(userId, step, confirming ? this.clock.now() : null))) throw new InvalidMfaCodeError();
  }
}

function newRecoveryCode(): string {
  const text = randomBytes(10).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0');
  return `${text.slice(0, 5)}-${text.slice(5, 10)}`;
}

function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
