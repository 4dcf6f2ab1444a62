import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { UserNotFoundError, decideKyc, submitKyc } from '../domain/user.decide';
import { DecideKyc, RecordPolicyViolation, ReportDevicePosture, SubmitKyc, type WriteOutcome } from './user.commands';
import { recordKycDecisionReason, recordKycEvidence } from './kyc-records';
import { UserStreamWriter } from './user-stream.writer';

/**
 * Evidence goes to the access-controlled table, then the event says a submission exists (see
 * kyc-records.ts for why in this order).
 */
@CommandHandler(SubmitKyc)
export class SubmitKycHandler implements ICommandHandler<SubmitKyc, { submissionId: string }> {
  constructor(
    private readonly writer: UserStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ userId, evidence, context }: SubmitKyc): Promise<{ submissionId: string }> {
    const submissionId = derivedId(context.commandId, 'kyc-submission');
    const current = await this.writer.state(userId);
    await recordKycEvidence(this.knex, context.commandId, { submissionId, userId, evidence }, () => submitKyc(current, userId, submissionId));
    await this.writer.write(userId, context, (state) => submitKyc(state, userId, submissionId));
    return { submissionId };
  }
}

/**
 * The reason is free text that may name the person: it goes to kyc_decisions under the
 * decision's id before KycStatusChanged names that id (see kyc-records.ts), never into the
 * event.
 */
@CommandHandler(DecideKyc)
export class DecideKycHandler implements ICommandHandler<DecideKyc, WriteOutcome> {
  constructor(
    private readonly writer: UserStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ userId, status, reason, context }: DecideKyc): Promise<WriteOutcome> {
    const decision = { status, decidedBy: context.actorId as string, decisionId: derivedId(context.commandId, 'kyc-decision') };
    const current = await this.writer.state(userId);
    await recordKycDecisionReason(this.knex, context.commandId, { decisionId: decision.decisionId, userId, reason }, () => decideKyc(current, userId, decision));
    const result = await this.writer.write(userId, context, (state) => decideKyc(state, userId, decision));
    return { written: result.events.length > 0 };
  }
}

@CommandHandler(ReportDevicePosture)
export class ReportDevicePostureHandler implements ICommandHandler<ReportDevicePosture, { compliant: boolean }> {
  constructor(private readonly writer: UserStreamWriter) {}

  async execute({ userId, posture, context }: ReportDevicePosture): Promise<{ compliant: boolean }> {
    const compliant = posture.diskEncrypted && posture.osUpToDate && posture.screenLock;
    await this.writer.write(userId, context, () => [{ type: 'DevicePostureReported', data: { ...posture, compliant } }]);
    return { compliant };
  }
}

@CommandHandler(RecordPolicyViolation)
export class RecordPolicyViolationHandler implements ICommandHandler<RecordPolicyViolation, { violationId: string }> {
  constructor(private readonly writer: UserStreamWriter) {}

  async execute({ userId, violation, context }: RecordPolicyViolation): Promise<{ violationId: string }> {
    const violationId = derivedId(context.commandId, 'violation');
    await this.writer.write(userId, context, (state) => {
      if (!state.registered) throw new UserNotFoundError(userId);
      return [{ type: 'PolicyViolationRecorded', data: { violationId, ...violation, recordedBy: context.actorId as string } }];
    });
    return { violationId };
  }
}
