import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import type { CommandContext } from '../../identity/identity.contract';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { PersonStreams } from '../commands/person-streams';
import { recordProfileChange } from '../domain/person.decide';
import { sniffImage, type SniffedImage } from './image-sniff';

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
export const AVATAR_UPLOAD_PATH = '/api/v1/profiles/me/avatar';
/** Not resized (no image library in the project): stored as sent, within these bounds. */
export const AVATAR_MAX_PIXELS = 1024;

export class SetAvatar extends Command<{ avatarUrl: string } & SniffedImage> {
  constructor(
    readonly userId: string,
    readonly bytes: Buffer,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The type comes from the magic bytes, never from a name or a header; the image is stored once
 * per content hash (two members with the same picture share a row), and the profile points at it.
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
    if (image.width < 1 || image.height < 1 || image.width > AVATAR_MAX_PIXELS || image.height > AVATAR_MAX_PIXELS) {
      throw new DomainError(
        'UNSUPPORTED_IMAGE',
        `The avatar is ${image.width} × ${image.height} pixels; at most ${AVATAR_MAX_PIXELS} × ${AVATAR_MAX_PIXELS}`,
        { ...image, maxPixels: AVATAR_MAX_PIXELS },
      );
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    const changed = await this.knex.transaction(async (transaction) => {
      await transaction('avatars')
        .insert({ content_hash: hash, media_type: image.mediaType, width: image.width, height: image.height, bytes })
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
    return { avatarUrl: `/api/v1/avatars/${hash}`, ...image };
  }
}
