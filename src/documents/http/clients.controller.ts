import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { z } from 'zod';
import { CurrentPrincipal, WriteContext, type Principal } from '../../identity/identity.contract';
import type { WriteCause } from '../../platform/event-store/stream-writer.service';
import { safeText } from '../../platform/http/safe-text';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { KNEX } from '../../platform/platform.tokens';
import { AddClient, EndClient, UpdateClient } from '../commands/client.handlers';
import { emptyBodySchema, text } from './documents.schemas';

const optionalText = (name: string, max: number) =>
  safeText({ error: `${name} must be a string` })
    .trim()
    .max(max, `${name} must be at most ${max} characters`)
    .nullable()
    .optional();
const fields = {
  name: text('name', 1, 200),
  email: z.email({ error: 'email must be an email address' }).max(254).nullable().optional(),
  phone: safeText()
    .trim()
    .regex(/^\+?[0-9 ()./-]{3,40}$/, 'phone must be 3–40 digits, spaces and + ( ) . / -')
    .nullable()
    .optional(),
  organization: optionalText('organization', 200),
  tags: z
    .array(text('tag', 1, 40))
    .max(20, 'at most 20 tags')
    .optional(),
};
const addClientSchema = z.object(fields).strict();
const updateClientSchema = z.object(fields).partial().strict();
const clientIdParam = () => Param('clientId', new ZodValidationPipe(z.uuid({ error: 'clientId must be a UUID' })));

/** A `clients` row as pg returns it (tags is jsonb, parsed). */
interface ClientRow {
  client_id: string;
  owner_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  organization: string | null;
  tags: string[];
  archived: boolean;
  erased_at: Date | null;
}

export const clientIdSchema = z.object({ clientId: z.uuid() });
export const endedSchema = z.object({ clientId: z.uuid(), archived: z.boolean(), erased: z.boolean() });
export const clientsSchema = z.object({
  clients: z.array(
    z.object({
      clientId: z.uuid(),
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      organization: z.string().nullable(),
      tags: z.array(z.string()),
      archived: z.boolean(),
      erasedAt: z.iso.datetime().nullable(),
    }),
  ),
});

/** A member's own clients. DELETE archives; erasure blanks the personal data unless a legal hold covers it. */
@Controller('api/v1/clients')
export class ClientsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  @Get()
  @RespondsWith(clientsSchema)
  async list(@CurrentPrincipal() principal: Principal) {
    // An integration token owns no clients (owner_id is never null).
    if (principal.userId === null) return { clients: [] };
    const rows = await this.knex<ClientRow>('clients')
      .where({ owner_id: principal.userId })
      .orderBy('name')
      .limit(1000);
    return {
      clients: rows.map((row) => ({
        clientId: row.client_id,
        name: row.name,
        email: row.email,
        phone: row.phone,
        organization: row.organization,
        tags: row.tags,
        archived: row.archived,
        erasedAt: row.erased_at ? row.erased_at.toISOString() : null,
      })),
    };
  }

  @Post()
  @RespondsWith(clientIdSchema)
  add(
    @Body(new ZodValidationPipe(addClientSchema)) body: z.infer<typeof addClientSchema>,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(
      new AddClient(
        {
          name: body.name,
          email: body.email ?? null,
          phone: body.phone ?? null,
          organization: body.organization ?? null,
          tags: body.tags ?? [],
        },
        context,
      ),
    );
  }

  @Patch(':clientId')
  @RespondsWith(clientIdSchema)
  update(
    @clientIdParam() clientId: string,
    @Body(new ZodValidationPipe(updateClientSchema)) body: z.infer<typeof updateClientSchema>,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(new UpdateClient(clientId, body, context));
  }

  @Delete(':clientId')
  @RespondsWith(endedSchema)
  archive(@clientIdParam() clientId: string, @WriteContext() context: WriteCause) {
    return this.commands.execute(new EndClient(clientId, 'archive', context));
  }

  @Post(':clientId/erase')
  @HttpCode(200)
  @RespondsWith(endedSchema)
  erase(
    @clientIdParam() clientId: string,
    @Body(new ZodValidationPipe(emptyBodySchema)) _body: unknown,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(new EndClient(clientId, 'erase', context));
  }
}
