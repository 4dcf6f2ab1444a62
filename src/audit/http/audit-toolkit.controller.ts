import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { z } from 'zod';
import type { Database } from '../../platform/database/database';
import { DATABASE } from '../../platform/platform.tokens';
import { RespondsWith, RespondsWithContent } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import type { SigningKey } from '../checkpoints/signing-key';
import { CHECKPOINT_SIGNING_KEY } from '../checkpoints/signing-key.provider';
import { prepareBundleDownload } from '../export/bundle-archive';
import { AuditQueries } from '../queries/audit.queries';
import { eventSearchSchema } from './audit.responses';
import { eventSearchQuerySchema } from './audit.schemas';

/** The auditor's toolkit in the portal (#16 §8): search the whole log, and take the bundle home. */
@Controller('api/v1/audit')
export class AuditToolkitController {
  constructor(
    private readonly queries: AuditQueries,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly key: SigningKey,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('events')
  @RespondsWith(eventSearchSchema)
  searchEvents(@Query(new ZodValidationPipe(eventSearchQuerySchema)) query: z.infer<typeof eventSearchQuerySchema>) {
    return this.queries.searchEvents(query);
  }

  /** The same bundle as `npm run audit export`, as one tar archive whose length is sent first. */
  @Get('bundle')
  @RespondsWithContent(
    'application/x-tar',
    'The audit bundle (docs/AUDIT-BUNDLE.md) as a tar archive: events.jsonl, checkpoints.jsonl, cosignatures.jsonl, public-key.json and manifest.json. Content-Length is exact, for progress.',
  )
  async bundle(@Res() response: Response): Promise<void> {
    const download = await prepareBundleDownload(this.database.pool, this.key, this.clock.now());
    response.setHeader('content-type', 'application/x-tar');
    response.setHeader('content-length', String(download.sizeBytes));
    response.setHeader('content-disposition', `attachment; filename="${download.fileName}"`);
    response.setHeader('cache-control', 'private, no-store');
    await download.send(response);
  }
}
