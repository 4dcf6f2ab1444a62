import { Inject, Injectable } from '@nestjs/common';
import type { CommandContext } from '../../identity/identity.contract';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { foldEvents, stateCache, type DecisionResult } from '../../platform/event-store/stream-decider';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { memberStream } from '../../progress/domain/member.events';
import { memberDecider } from '../../progress/progress.contract';
import { taskStream, type TaskAcceptedData } from '../../ventures/domain/task-accepted.events';
import { taskDecider, ventureDecider } from '../../ventures/ventures.contract';
import { ventureStream } from '../../ventures/domain/venture.events';
import { personStream, type PersonEvent } from '../domain/person.events';
import { personDecider, type PersonState } from '../domain/person.state';
import type { VouchingTask } from '../domain/person.decide';
import { SKILL_CATALOG_STREAM, skillCatalogDecider, type SkillCatalogState } from '../domain/skill-catalog';

/**
 * The people context's reads and writes on the log: every fact a decision needs is folded from
 * its stream (never from a read model that may lag), and each write goes to one person stream.
 */
@Injectable()
export class PersonStreams {
  constructor(
    private readonly writer: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
  ) {}

  /**
   * `accept` for commands whose decision reads something besides the stream that a retry may
   * see differently (the clock, the profile table, a reputation): a retried request with the
   * same Idempotency-Key then answers with what the first one recorded instead of a 409.
   */
  writePerson(
    userId: string,
    context: CommandContext,
    decide: (state: PersonState) => PersonEvent[],
    onReplay: 'verify' | 'accept' = 'verify',
  ): Promise<DecisionResult<PersonState, PersonEvent>> {
    return this.writer.write(personStream(userId), personDecider, context, decide, onReplay);
  }

  person(userId: string): Promise<PersonState> {
    return this.writer.load(personStream(userId), personDecider);
  }

  catalog(): Promise<SkillCatalogState> {
    return this.writer.load(SKILL_CATALOG_STREAM, skillCatalogDecider);
  }

  async repMicro(userId: string): Promise<bigint> {
    return (await stateCache.load(this.store, memberStream(userId), memberDecider)).state.repMicro;
  }

  /** The task's acceptance and its venture's owner, as the log has them; null when the task was never accepted. */
  async acceptedTask(taskId: string): Promise<{ accepted: TaskAcceptedData; ventureOwnerId: string | null } | null> {
    const task = foldEvents(taskDecider, await this.store.readStream(taskStream(taskId)));
    if (!task.accepted) return null;
    return { accepted: task.accepted, ventureOwnerId: await this.ventureOwnerOf(task.accepted.ventureId) };
  }

  /** What a skill verification needs of a task, from its stream and its venture's; null when the log has no such task. */
  async vouchingTask(taskId: string): Promise<VouchingTask | null> {
    const task = foldEvents(taskDecider, await this.store.readStream(taskStream(taskId)));
    const ventureId = task.accepted?.ventureId ?? task.task?.ventureId;
    if (ventureId === undefined) return null;
    return {
      taskId,
      assigneeId: task.accepted?.assigneeId ?? task.assigneeId,
      ventureOwnerId: await this.ventureOwnerOf(ventureId),
      accepted: task.accepted !== null,
      skills: task.task?.skills ?? [],
    };
  }

  private async ventureOwnerOf(ventureId: string): Promise<string | null> {
    const venture = foldEvents(ventureDecider, await this.store.readStream(ventureStream(ventureId)));
    return venture.venture?.ownerId ?? null;
  }
}
