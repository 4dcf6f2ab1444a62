import { Injectable } from '@nestjs/common';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { BADGE_CATALOG_STREAM, badgeCatalogDecider, type BadgeCatalogState } from '../domain/badge-catalog';

/** The badge catalog as the log has it (the seeded badges and those admins added). */
@Injectable()
export class BadgeNames {
  constructor(private readonly streams: StreamWriter) {}

  catalog(): Promise<BadgeCatalogState> {
    return this.streams.load(BADGE_CATALOG_STREAM, badgeCatalogDecider);
  }

  async names(): Promise<Map<string, string>> {
    return new Map(Object.values((await this.catalog()).badges).map((badge) => [badge.code, badge.name]));
  }
}
