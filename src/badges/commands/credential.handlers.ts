import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import {
  credentialStatusDecider,
  issueCredential,
  revokeCredential,
  STATUS_LIST_STREAM,
} from '../domain/credential-status';
import { IssueCredential, RevokeCredential } from './badge.commands';

@CommandHandler(IssueCredential)
export class IssueCredentialHandler implements ICommandHandler<IssueCredential> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ award, causationId }: IssueCredential): Promise<void> {
    const cause = {
      commandId: `issue-credential:${award.awardEventId}`,
      actorId: null,
      correlationId: award.credentialId,
      causationId,
    };
    await this.streams.write(
      STATUS_LIST_STREAM,
      credentialStatusDecider,
      cause,
      (state) => issueCredential(state, award),
      'accept',
    );
  }
}

@CommandHandler(RevokeCredential)
export class RevokeCredentialHandler implements ICommandHandler<RevokeCredential> {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ credentialId, causationId }: RevokeCredential): Promise<void> {
    const issued = (await this.store.readStream(STATUS_LIST_STREAM)).find(
      (event) => event.type === 'CredentialIssued' && event.data.credentialId === credentialId,
    );
    // The reactor issues before it revokes (feed order), so an award without a credential was never issued: nothing to flip.
    if (!issued) return;
    const credential = { credentialId, statusListIndex: issued.data.statusListIndex as number };
    const cause = {
      commandId: `revoke-credential:${causationId}`,
      actorId: null,
      correlationId: credentialId,
      causationId,
    };
    await this.streams.write(
      STATUS_LIST_STREAM,
      credentialStatusDecider,
      cause,
      (state) => revokeCredential(state, credential),
      'accept',
    );
  }
}
