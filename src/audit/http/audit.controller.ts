import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { AuditQueries } from '../queries/audit.queries';
import { VerificationRunsService } from '../verification/verification-runs.service';
import {
  checkpointsQuerySchema,
  consistencyQuerySchema,
  eventIdSchema,
  inclusionQuerySchema,
  startVerificationSchema,
  streamIdSchema,
  streamQuerySchema,
  streamsQuerySchema,
  verificationIdSchema,
} from './audit.schemas';

/** The auditor API (DESIGN §3). Access control is added where the permission matrix lives. */
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly queries: AuditQueries,
    private readonly verifications: VerificationRunsService,
  ) {}

  @Get('public-key')
  publicKey() {
    return this.queries.publicKey();
  }

  @Get('checkpoints')
  checkpoints(@Query(new ZodValidationPipe(checkpointsQuerySchema)) query: z.infer<typeof checkpointsQuerySchema>) {
    return this.queries.checkpointPage(query.before, query.limit);
  }

  @Get('proofs/inclusion/:eventId')
  inclusionProof(
    @Param('eventId', new ZodValidationPipe(eventIdSchema)) eventId: string,
    @Query(new ZodValidationPipe(inclusionQuerySchema)) query: z.infer<typeof inclusionQuerySchema>,
  ) {
    return this.queries.inclusionProof(eventId, query.treeSize);
  }

  @Get('proofs/consistency')
  consistencyProof(@Query(new ZodValidationPipe(consistencyQuerySchema)) query: z.infer<typeof consistencyQuerySchema>) {
    return this.queries.consistencyProof(query.from, query.to);
  }

  /** Starts a full verification (or returns the one running); poll GET verify/:id for progress. */
  @Post('verify')
  @HttpCode(202)
  startVerification(@Body(new ZodValidationPipe(startVerificationSchema)) body: z.infer<typeof startVerificationSchema>) {
    return this.verifications.start(body.trustedCheckpoint);
  }

  @Get('verify/:id')
  verification(@Param('id', new ZodValidationPipe(verificationIdSchema)) id: string) {
    return this.verifications.get(id);
  }

  @Get('streams')
  streams(@Query(new ZodValidationPipe(streamsQuerySchema)) query: z.infer<typeof streamsQuerySchema>) {
    return this.queries.streamPage(query);
  }

  @Get('streams/:streamId')
  stream(
    @Param('streamId', new ZodValidationPipe(streamIdSchema)) streamId: string,
    @Query(new ZodValidationPipe(streamQuerySchema)) query: z.infer<typeof streamQuerySchema>,
  ) {
    return this.queries.stream(streamId, query.fromRevision, query.limit);
  }
}

/** The last result of the 5-minute integrity job (DESIGN §3, issue "Auditors"). */
@Controller('api/debug/worm')
export class WormIntegrityController {
  constructor(private readonly queries: AuditQueries) {}

  @Get('integrity')
  async integrity() {
    return { lastCheck: await this.queries.wormIntegrity() };
  }
}
