import { Command } from '@nestjs/cqrs';
import type { Role } from '../domain/roles.contract';
import type { CommandContext } from './user-stream.writer';

/** Commands on `user-<id>`. Each result says whether anything was written (false = no-op). */
export interface WriteOutcome {
  written: boolean;
}

export class GrantRole extends Command<WriteOutcome> {
  constructor(
    readonly userId: string,
    readonly role: Role,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RevokeRole extends Command<WriteOutcome> {
  /** `reason`: why, in the admin's words, recorded on the event; null only through the older DELETE route. */
  constructor(
    readonly userId: string,
    readonly role: Role,
    readonly reason: string | null,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class SubmitKyc extends Command<{ submissionId: string }> {
  constructor(
    readonly userId: string,
    readonly evidence: Record<string, string>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class DecideKyc extends Command<WriteOutcome> {
  constructor(
    readonly userId: string,
    readonly status: 'PASSED' | 'FAILED',
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ReportDevicePosture extends Command<{ compliant: boolean }> {
  constructor(
    readonly userId: string,
    readonly posture: { deviceId: string; diskEncrypted: boolean; osUpToDate: boolean; screenLock: boolean },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RecordPolicyViolation extends Command<{ violationId: string }> {
  constructor(
    readonly userId: string,
    readonly violation: { policy: string; severity: 'LOW' | 'MEDIUM' | 'HIGH' },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The board roster process manager's command: copy the user's board seat into `roster-board`. */
export class SyncBoardSeat extends Command<void> {
  constructor(
    readonly userId: string,
    readonly causationId: string,
  ) {
    super();
  }
}
