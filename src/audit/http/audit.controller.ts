import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import {
  checkpointPageSchema,
  consistencyProofSchema,
  inclusionProofSchema,
  publicKeySchema,
  streamEventsSchema,
  streamPageSchema,
  verificationRunSchema,
  wormIntegritySchema,
} from './audit.responses';
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
  @RespondsWith(publicKeySchema)
  publicKey() {
    return this.queries.publicKey();
  }

  @Get('checkpoints')
  @RespondsWith(checkpointPageSchema)
  checkpoints(@Query(new ZodValidationPipe(checkpointsQuerySchema)) query: z.infer<typeof checkpointsQuerySchema>) {
    return this.queries.checkpointPage(query.before, query.limit);
  }

  @Get('proofs/inclusion/:eventId')
  @RespondsWith(inclusionProofSchema)
  inclusionProof(
    @Param('eventId', new ZodValidationPipe(eventIdSchema)) eventId: string,
    @Query(new ZodValidationPipe(inclusionQuerySchema)) query: z.infer<typeof inclusionQuerySchema>,
  ) {
    return this.queries.inclusionProof(eventId, query.treeSize);
  }

  @Get('proofs/consistency')
  @RespondsWith(consistencyProofSchema)
  consistencyProof(
    @Query(new ZodValidationPipe(consistencyQuerySchema)) query: z.infer<typeof consistencyQuerySchema>,
  ) {
    return this.queries.consistencyProof(query.from, query.to);
  }

  /** Starts a full verification (or returns the one running); poll GET verify/:id for progress. */
  @Post('verify')
  @HttpCode(202)
  @RespondsWith(verificationRunSchema)
  startVerification(
    @Body(new ZodValidationPipe(startVerificationSchema)) body: z.infer<typeof startVerificationSchema>,
  ) {
    return this.verifications.start(body.trustedCheckpoint);
  }

  @Get('verify/:id')
  @RespondsWith(verificationRunSchema)
  verification(@Param('id', new ZodValidationPipe(verificationIdSchema)) id: string) {
    return this.verifications.get(id);
  }

  @Get('streams')
  @RespondsWith(streamPageSchema)
  streams(@Query(new ZodValidationPipe(streamsQuerySchema)) query: z.infer<typeof streamsQuerySchema>) {
    return this.queries.streamPage(query);
  }

  @Get('streams/:streamId')
  @RespondsWith(streamEventsSchema)
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
  @RespondsWith(wormIntegritySchema)
  async integrity() {
    return { lastCheck: await this.queries.wormIntegrity() };
  }
}
