import { Body, Controller, Get, Inject, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { WriteContext, type CommandContext } from '../../identity/identity.contract';
import { DomainError } from '../../shared-kernel/domain-error';
import { RespondsWith, RespondsWithContent } from '../../platform/http/responds-with';
import { safeText } from '../../platform/http/safe-text';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { KNEX } from '../../platform/platform.tokens';
import { AVATAR_MEDIA_TYPE } from './avatar-image';
import { AVATAR_MAX_BYTES, SetAvatar } from './avatar.handler';

const BASE64_MAX_CHARS = Math.ceil(AVATAR_MAX_BYTES / 3) * 4;

/** JSON like every other write (a foreign page cannot send it without a preflight); the image travels as base64. */
export const avatarUploadSchema = z
  .object({
    image: safeText({ error: 'image must be the file as base64' })
      .max(BASE64_MAX_CHARS, `image must be at most ${AVATAR_MAX_BYTES} bytes (${BASE64_MAX_CHARS} base64 characters)`)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'image must be the file as base64'),
  })
  .strict();

export const avatarSetResponseSchema = z.strictObject({
  avatarUrl: z.string(),
  mediaType: z.literal(AVATAR_MEDIA_TYPE),
  width: z.int(),
  height: z.int(),
});
// eslint-disable-next-line no-useless-assignment -- read by the @Param() pipe below: the rule does not follow decorator arguments
const contentHashSchema = safeText().regex(/^[0-9a-f]{64}$/, "hash is the image's SHA-256, 64 hex digits");

@Controller('api/v1')
export class AvatarsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  @Put('profiles/me/avatar')
  @RespondsWith(avatarSetResponseSchema)
  set(
    @Body(new ZodValidationPipe(avatarUploadSchema)) body: z.infer<typeof avatarUploadSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new SetAvatar(context.actorId as string, Buffer.from(body.image, 'base64'), context));
  }

  /** Served as stored (the resized WebP); the URL names the content, so it never changes. */
  @Get('avatars/:hash')
  @RespondsWithContent('image/*', 'The avatar image, resized: a 256 × 256 WebP, served with the type it was stored as.')
  async get(@Param('hash', new ZodValidationPipe(contentHashSchema)) hash: string, @Res() response: Response) {
    const avatar = await this.knex<{ content_hash: string; media_type: string; bytes: Buffer }>('avatars')
      .where({ content_hash: hash })
      .first('media_type', 'bytes');
    if (!avatar) throw new DomainError('AVATAR_NOT_FOUND', `No avatar ${hash}`, { hash });
    response.setHeader('cache-control', 'public, max-age=31536000, immutable');
    response.type(avatar.media_type).send(avatar.bytes);
  }
}
