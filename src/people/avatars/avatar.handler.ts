import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import type { CommandContext } from '../../identity/identity.contract';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { PersonStreams } from '../commands/person-streams';
import { recordProfileChange } from '../domain/person.decide';
import { resizeAvatar, type ResizedAvatar } from './avatar-image';
import { sniffImage } from './image-sniff';

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
export const AVATAR_UPLOAD_PATH = '/api/v1/profiles/me/avatar';

export class SetAvatar extends Command<{ avatarUrl: string } & Omit<ResizedAvatar, 'bytes'>> {
  constructor(
    readonly userId: string,
    readonly bytes: Buffer,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The type comes from the magic bytes, never from a name or a header. The upload is decoded and
 * re-encoded at the fixed avatar size (avatar-image.ts); what is stored and served is that output,
 * once per content hash of it (two members with the same picture share a row). Nothing is stored
 * for an upload that is refused.
 */
@CommandHandler(SetAvatar)
export class SetAvatarHandler implements ICommandHandler<SetAvatar> {
  constructor(
    private readonly people: PersonStreams,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ userId, bytes, context }: SetAvatar) {
    const image = sniffImage(bytes);
    if (!image)
      throw new DomainError(
        'UNSUPPORTED_IMAGE',
        'The avatar is not a PNG, JPEG or WebP image (judged by its bytes)',
        {},
      );
    if (bytes.length > AVATAR_MAX_BYTES)
      throw new DomainError('UNSUPPORTED_IMAGE', `The avatar is ${bytes.length} bytes; at most ${AVATAR_MAX_BYTES}`, {
        bytes: bytes.length,
        maxBytes: AVATAR_MAX_BYTES,
      });
    const resized = await resizeAvatar(bytes, image);
    const hash = createHash('sha256').update(resized.bytes).digest('hex');
    const changed = await this.knex.transaction(async (transaction) => {
      await transaction('avatars')
        .insert({
          content_hash: hash,
          media_type: resized.mediaType,
          width: resized.width,
          height: resized.height,
          bytes: resized.bytes,
        })
        .onConflict('content_hash')
        .ignore();
      await transaction('profiles').insert({ user_id: userId }).onConflict('user_id').ignore();
      const updated = await transaction('profiles')
        .where({ user_id: userId })
        .whereRaw('avatar_hash is distinct from ?', [hash])
        .update({ avatar_hash: hash });
      return updated > 0;
    });
    await this.people.writePerson(userId, context, () => recordProfileChange(changed ? ['avatar'] : []), 'accept');
    return {
      avatarUrl: `/api/v1/avatars/${hash}`,
      mediaType: resized.mediaType,
      width: resized.width,
      height: resized.height,
    };
  }
}
