import { Command } from '@nestjs/cqrs';
import type { TaskAcceptedData } from '../../ventures/domain/task-accepted';
import type { WalletEvent } from '../domain/wallet.events';

/** Pay the assignee of an accepted task (or record why not). Idempotent by task. */
export class IssueBuz extends Command<{ events: WalletEvent[]; replayed: boolean }> {
  constructor(
    readonly accepted: TaskAcceptedData,
    /** The TaskAccepted event's id, kept as the causation of what this writes. */
    readonly causationId: string | null,
  ) {
    super();
  }
}
