import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { derivedId } from '../../platform/ids/ids';
import { KNEX } from '../../platform/platform.tokens';
import { UserNotFoundError, decideKyc, submitKyc } from '../domain/user.decide';
import { DecideKyc, RecordPolicyViolation, ReportDevicePosture, SubmitKyc, type WriteOutcome } from './user.commands';
import { UserStreamWriter } from './user-stream.writer';

/** Evidence goes to the access-controlled table; the event only says a submission exists. */
@CommandHandler(SubmitKyc)
export class SubmitKycHandler implements ICommandHandler<SubmitKyc, { submissionId: string }> {
  constructor(
    private readonly writer: UserStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ userId, evidence, context }: SubmitKyc): Promise<{ submissionId: string }> {
    const submissionId = derivedId(context.commandId, 'kyc-submission');
    await this.knex('kyc_submissions').insert({ submission_id: submissionId, user_id: userId, evidence }).onConflict('submission_id').ignore();
    await this.writer.write(userId, context, (state) => submitKyc(state, userId, submissionId));
    return { submissionId };
  }
}

@CommandHandler(DecideKyc)
export class DecideKycHandler implements ICommandHandler<DecideKyc, WriteOutcome> {
  constructor(
    private readonly writer: UserStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  /** The reason is free text that may name the person: it goes with the erasable evidence, not into the event. */
  async execute({ userId, status, reason, context }: DecideKyc): Promise<WriteOutcome> {
    const result = await this.writer.write(userId, context, (state) => decideKyc(state, userId, { status, decidedBy: context.actorId as string }));
    const decided = result.events.find((event) => event.type === 'KycStatusChanged');
    const submissionId = decided?.type === 'KycStatusChanged' ? decided.data.submissionId : null;
    if (submissionId) await this.knex('kyc_submissions').where({ submission_id: submissionId }).update({ decision_reason: reason });
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
