import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { StreamWriter, type WriteCause } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import {
  addClient,
  archiveClient,
  clientDecider,
  clientStream,
  eraseClient,
  updateClient,
  type ClientField,
} from '../domain/client.decide';
import { holdsCovering } from '../domain/legal-hold.state';
import { DocumentsStreamWriter } from './documents-stream.writer';

/** A client's personal details: kept in `clients`, never in an event. */
export interface ClientDetails {
  name: string;
  email: string | null;
  phone: string | null;
  organization: string | null;
  tags: string[];
}

export class AddClient extends Command<{ clientId: string }> {
  constructor(
    readonly details: ClientDetails,
    readonly context: WriteCause,
  ) {
    super();
  }
}

export class UpdateClient extends Command<{ clientId: string }> {
  constructor(
    readonly clientId: string,
    readonly changes: Partial<ClientDetails>,
    readonly context: WriteCause,
  ) {
    super();
  }
}

export type ClientAction = 'archive' | 'erase';

export class EndClient extends Command<{ clientId: string; archived: boolean; erased: boolean }> {
  constructor(
    readonly clientId: string,
    readonly action: ClientAction,
    readonly context: WriteCause,
  ) {
    super();
  }
}

const columnsOf = (details: Partial<ClientDetails>) => ({
  ...details,
  ...(details.tags ? { tags: JSON.stringify(details.tags) } : {}),
});

@CommandHandler(AddClient)
export class AddClientHandler implements ICommandHandler<AddClient> {
  constructor(
    private readonly streams: StreamWriter,
    private readonly documents: DocumentsStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ details, context }: AddClient) {
    const clientId = derivedId(context.commandId, 'client');
    const ownerId = context.actorId as string;
    await this.knex('clients')
      .insert({ client_id: clientId, owner_id: ownerId, ...columnsOf(details) })
      .onConflict('client_id')
      .ignore();
    await this.streams.write(
      clientStream(clientId),
      clientDecider,
      context,
      (state) => addClient(state, clientId, ownerId, this.documents.now()),
      'accept',
    );
    return { clientId };
  }
}

/** The decision first (only the owner's live clients change), then the details, then which fields changed. */
@CommandHandler(UpdateClient)
export class UpdateClientHandler implements ICommandHandler<UpdateClient> {
  constructor(
    private readonly streams: StreamWriter,
    private readonly documents: DocumentsStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ clientId, changes, context }: UpdateClient) {
    const fields = Object.keys(changes) as ClientField[];
    const actorId = context.actorId as string;
    updateClient(
      await this.streams.load(clientStream(clientId), clientDecider),
      clientId,
      actorId,
      fields,
      this.documents.now(),
    );
    if (fields.length > 0)
      await this.knex('clients')
        .where({ client_id: clientId })
        .update({ ...columnsOf(changes), updated_at: this.knex.fn.now() });
    await this.streams.write(
      clientStream(clientId),
      clientDecider,
      context,
      (state) => updateClient(state, clientId, actorId, fields, this.documents.now()),
      'accept',
    );
    return { clientId };
  }
}

/**
 * Archive keeps the details; erasure blanks them, refused with 409 LEGAL_HOLD while a hold covers
 * the client or their owner. The event comes first, so details are never blanked unrecorded.
 */
@CommandHandler(EndClient)
export class EndClientHandler implements ICommandHandler<EndClient> {
  constructor(
    private readonly streams: StreamWriter,
    private readonly documents: DocumentsStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ clientId, action, context }: EndClient) {
    const actorId = context.actorId as string;
    const now = this.documents.now();
    const holds = await this.documents.loadHolds();
    const result = await this.streams.write(
      clientStream(clientId),
      clientDecider,
      context,
      (state) =>
        action === 'archive'
          ? archiveClient(state, clientId, actorId, now)
          : eraseClient(state, clientId, actorId, holdsCovering(holds, { client: [clientId], user: [actorId] }), now),
      'accept',
    );
    if (action === 'archive') await this.knex('clients').where({ client_id: clientId }).update({ archived: true });
    else
      await this.knex('clients')
        .where({ client_id: clientId })
        .update({ name: '', email: null, phone: null, organization: null, tags: '[]', erased_at: this.knex.fn.now() });
    return { clientId, archived: result.state.archived, erased: result.state.erased };
  }
}
