import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { RegisterSigningKey, RevokeSigningKey, SignDocument } from '../commands/signature.commands';
import { requestPublicKey } from '../crypto/public-key';
import { clientSignerId } from '../domain/signature.events';
import { linkWriteCause, ShareLinks } from '../queries/share-links';
import { SignatureListQueries } from '../queries/signature-list.queries';
import { TOKEN_HEADER } from './share-link.controller';
import { signingKeysOf } from './signing-keys.controller';
import { emptyBodySchema } from './documents.schemas';
import {
  revokedKeyResponseSchema,
  signedResponseSchema,
  signerRequestsResponseSchema,
  signingKeyResponseSchema,
  signingKeysResponseSchema,
} from './signatures.responses';
import { keyIdParamSchema, registerKeySchema, requestIdParamSchema, signSchema } from './signatures.schemas';

/**
 * A client signs through their share link, without an account, exactly as a member signs: a key
 * pair made in their browser, its public half registered under the signer id `share:<shareId>`,
 * and a signature over the same RFC 8785 statement, verified the same way. Every route first
 * checks that the link's share is active and allows signing.
 */
@Controller('api/v1/share-link')
export class ShareLinkSigningController {
  constructor(
    private readonly commands: CommandBus,
    private readonly links: ShareLinks,
    private readonly lists: SignatureListQueries,
    private readonly streams: StreamWriter,
  ) {}

  /** The signature requests naming this share, each with every signer's state (the projection may trail a moment). */
  @Get('signatures')
  @RespondsWith(signerRequestsResponseSchema)
  async requests(@Headers(TOKEN_HEADER) token: string | undefined) {
    const { shareId } = await this.links.signingShare(token);
    return this.lists.forSigner(clientSignerId(shareId), 'all');
  }

  @Get('signing-keys')
  @RespondsWith(signingKeysResponseSchema)
  async keys(@Headers(TOKEN_HEADER) token: string | undefined) {
    const { shareId } = await this.links.signingShare(token);
    return signingKeysOf(this.streams, clientSignerId(shareId));
  }

  /** Registers the public half of a key made in the client's browser (key id = SHA-256 of its SEC1 bytes). */
  @Post('signing-keys')
  @RespondsWith(signingKeyResponseSchema)
  async register(
    @Headers(TOKEN_HEADER) token: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body(new ZodValidationPipe(registerKeySchema)) body: z.infer<typeof registerKeySchema>,
  ) {
    const { shareId } = await this.links.signingShare(token);
    return this.commands.execute(
      new RegisterSigningKey(
        { kind: 'client', shareId },
        requestPublicKey(body.publicKeyHex),
        body.replacesKeyId,
        linkWriteCause(shareId, idempotencyKey),
      ),
    );
  }

  /** Stops new signatures with the client's key (a lost or suspect device); those made before stay valid. */
  @Post('signing-keys/:keyId/revoke')
  @HttpCode(200)
  @RespondsWith(revokedKeyResponseSchema)
  async revoke(
    @Headers(TOKEN_HEADER) token: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Param('keyId', new ZodValidationPipe(keyIdParamSchema)) keyId: string,
    @Body(new ZodValidationPipe(emptyBodySchema)) _body: unknown,
  ) {
    const { shareId } = await this.links.signingShare(token);
    return this.commands.execute(
      new RevokeSigningKey(keyId, { kind: 'client', shareId }, linkWriteCause(shareId, idempotencyKey)),
    );
  }

  @Post('signatures/:requestId/sign')
  @HttpCode(200)
  @RespondsWith(signedResponseSchema)
  async sign(
    @Headers(TOKEN_HEADER) token: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Param('requestId', new ZodValidationPipe(requestIdParamSchema)) requestId: string,
    @Body(new ZodValidationPipe(signSchema)) body: z.infer<typeof signSchema>,
  ) {
    const { shareId } = await this.links.signingShare(token);
    const { keyId, signature, signedAt, intent } = body;
    return this.commands.execute(
      new SignDocument(
        requestId,
        { kind: 'client', shareId },
        { keyId, signatureHex: signature, signedAt, intent },
        linkWriteCause(shareId, idempotencyKey),
      ),
    );
  }
}
