import { Command } from '@nestjs/cqrs';
import type { WriteCause } from '../../platform/event-store/stream-writer.service';
import type { Reader } from '../domain/document.decide';

export type ShareTarget = { toUserId: string; clientId?: undefined } | { clientId: string; toUserId?: undefined };

export interface SharePermissions {
  canView: boolean;
  canComment: boolean;
  canSign: boolean;
  expiresAt: string | null;
}

/** `linkToken`: for a client share, the token of its link, shown this once (null on a retry). */
export class ShareDocument extends Command<{ shareId: string; linkToken: string | null }> {
  constructor(
    readonly documentId: string,
    readonly target: ShareTarget,
    readonly permissions: SharePermissions,
    readonly context: WriteCause,
  ) {
    super();
  }
}

export class RevokeShare extends Command<{ shareId: string; revokedAt: string }> {
  constructor(
    readonly documentId: string,
    readonly shareId: string,
    readonly context: WriteCause,
  ) {
    super();
  }
}

export class CommentOnDocument extends Command<{ commentId: string }> {
  constructor(
    readonly documentId: string,
    readonly reader: Reader,
    readonly body: string,
    readonly context: WriteCause,
  ) {
    super();
  }
}
