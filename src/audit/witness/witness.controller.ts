import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { AuditQueries } from '../queries/audit.queries';
import { WitnessLogService } from './witness-log.service';
import {
  addCosignatureSchema,
  cosignatureResponseSchema,
  notedCheckpointResponseSchema,
  witnessCheckpointQuerySchema,
  witnessConsistencyQuerySchema,
  witnessConsistencyResponseSchema,
  witnessStatusResponseSchema,
} from './witness.schemas';

/**
 * What witnesses need, without an auditor's session: checkpoints as signed notes, consistency
 * proofs (hashes only), and a place to hand back cosignatures. Public and rate-limited per address.
 */
@Controller('api/v1/witness')
export class WitnessController {
  constructor(
    private readonly witnessLog: WitnessLogService,
    private readonly queries: AuditQueries,
  ) {}

  @Get('checkpoint')
  @RespondsWith(notedCheckpointResponseSchema)
  checkpoint(
    @Query(new ZodValidationPipe(witnessCheckpointQuerySchema)) query: z.infer<typeof witnessCheckpointQuerySchema>,
  ) {
    return this.witnessLog.checkpoint(query.treeSize);
  }

  @Get('consistency')
  @RespondsWith(witnessConsistencyResponseSchema)
  async consistency(
    @Query(new ZodValidationPipe(witnessConsistencyQuerySchema)) query: z.infer<typeof witnessConsistencyQuerySchema>,
  ) {
    const proof = await this.queries.consistencyProof(query.from, query.to);
    return { fromTreeSize: proof.fromTreeSize, toTreeSize: proof.toTreeSize, proof: proof.proof };
  }

  @Post('cosignatures')
  @HttpCode(200)
  @RespondsWith(cosignatureResponseSchema)
  addCosignature(@Body(new ZodValidationPipe(addCosignatureSchema)) body: z.infer<typeof addCosignatureSchema>) {
    return this.witnessLog.addCosignature(body.treeSize, body.cosignature);
  }

  @Get('status')
  @RespondsWith(witnessStatusResponseSchema)
  async status() {
    return { logKey: this.witnessLog.logKey(), witnesses: await this.witnessLog.status() };
  }
}
