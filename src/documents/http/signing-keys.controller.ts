import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { CurrentPrincipal, WriteContext, type Principal } from '../../identity/identity.contract';
import { type WriteCause, StreamWriter } from '../../platform/event-store/stream-writer.service';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { RegisterSigningKey, RevokeSigningKey } from '../commands/signature.commands';
import { requestPublicKey } from '../crypto/public-key';
import { signingKeysDecider, signingKeysStream } from '../domain/signing-key.events';
import { emptyBodySchema } from './documents.schemas';
import { revokedKeyResponseSchema, signingKeyResponseSchema, signingKeysResponseSchema } from './signatures.responses';
import { keyIdParamSchema, registerKeySchema } from './signatures.schemas';

/** The caller's own signing keys: public halves of key pairs made in their browser. */
@Controller('api/v1/signing-keys')
export class SigningKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: StreamWriter,
  ) {}

  /** Registers a key (key id = SHA-256 of its SEC1 bytes); with replacesKeyId, rotates. */
  @Post()
  @RespondsWith(signingKeyResponseSchema)
  register(
    @Body(new ZodValidationPipe(registerKeySchema)) body: z.infer<typeof registerKeySchema>,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(
      new RegisterSigningKey(
        { kind: 'user', userId: context.actorId as string },
        requestPublicKey(body.publicKeyHex),
        body.replacesKeyId,
        context,
      ),
    );
  }

  @Get()
  @RespondsWith(signingKeysResponseSchema)
  list(@CurrentPrincipal() principal: Principal) {
    return signingKeysOf(this.streams, principal.userId as string);
  }

  /** Stops new signatures with the key; those made before stay valid. */
  @Post(':keyId/revoke')
  @HttpCode(200)
  @RespondsWith(revokedKeyResponseSchema)
  revoke(
    @Param('keyId', new ZodValidationPipe(keyIdParamSchema)) keyId: string,
    @Body(new ZodValidationPipe(emptyBodySchema)) _body: unknown,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(
      new RevokeSigningKey(keyId, { kind: 'user', userId: context.actorId as string }, context),
    );
  }
}

/** A signer's keys, oldest first, revoked ones included (what they signed stays valid). */
export async function signingKeysOf(streams: StreamWriter, signerId: string) {
  const state = await streams.load(signingKeysStream(signerId), signingKeysDecider);
  return { keys: Object.values(state.keys).sort((a, b) => a.registeredAt.localeCompare(b.registeredAt)) };
}
