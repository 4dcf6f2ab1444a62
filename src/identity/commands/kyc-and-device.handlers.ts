import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { decideUser, isCompliant, type UserCommand } from '../domain/user.decide';
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
    const command: UserCommand = { type: 'SubmitKyc', userId, submissionId };
    const current = await this.writer.state(userId);
    await recordKycEvidence(this.knex, context.commandId, { submissionId, userId, evidence }, () =>
      decideUser(command, current),
    );
    await this.writer.write(userId, context, (state) => decideUser(command, state));
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
    const decisionId = derivedId(context.commandId, 'kyc-decision');
    const command: UserCommand = {
      type: 'DecideKyc',
      userId,
      status,
      decidedBy: context.actorId as string,
      decisionId,
    };
    const current = await this.writer.state(userId);
    await recordKycDecisionReason(this.knex, context.commandId, { decisionId, userId, reason }, () =>
      decideUser(command, current),
    );
    const result = await this.writer.write(userId, context, (state) => decideUser(command, state));
    return { written: result.events.length > 0 };
  }
}

@CommandHandler(ReportDevicePosture)
export class ReportDevicePostureHandler implements ICommandHandler<ReportDevicePosture, { compliant: boolean }> {
  constructor(private readonly writer: UserStreamWriter) {}

  async execute({ userId, posture, context }: ReportDevicePosture): Promise<{ compliant: boolean }> {
    await this.writer.write(userId, context, (state) => decideUser({ type: 'ReportDevicePosture', posture }, state));
    return { compliant: isCompliant(posture) };
  }
}

@CommandHandler(RecordPolicyViolation)
export class RecordPolicyViolationHandler implements ICommandHandler<RecordPolicyViolation, { violationId: string }> {
  constructor(private readonly writer: UserStreamWriter) {}

  async execute({ userId, violation, context }: RecordPolicyViolation): Promise<{ violationId: string }> {
    const violationId = derivedId(context.commandId, 'violation');
    const command: UserCommand = {
      type: 'RecordPolicyViolation',
      userId,
      violationId,
      ...violation,
      recordedBy: context.actorId as string,
    };
    await this.writer.write(userId, context, (state) => decideUser(command, state));
    return { violationId };
  }
}
