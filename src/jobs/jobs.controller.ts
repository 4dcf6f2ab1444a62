import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { RespondsWith } from '../platform/http/responds-with';
import { ZodValidationPipe } from '../platform/http/zod-validation.pipe';
import { jobRunSchema, jobsHealthSchema } from './jobs.responses';
import { JOB_NAMES, JobsService, type JobName } from './jobs.service';

const runJobSchema = z
  .object({ throughDay: z.iso.date({ error: 'throughDay must be YYYY-MM-DD' }).optional() })
  .strict();
// eslint-disable-next-line no-useless-assignment -- a false positive: ESLint does not see the use inside the @Param() decorator below
const jobNameSchema = z.enum(JOB_NAMES, { error: `job must be one of: ${JOB_NAMES.join(', ')}` });

@Controller('api')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** Last run, duration, outcome and next run of every job (DESIGN §7). */
  @Get('debug/jobs/health')
  @RespondsWith(jobsHealthSchema)
  health() {
    return this.jobs.health();
  }

  @Post('v1/admin/jobs/:job/run')
  @HttpCode(200)
  @RespondsWith(jobRunSchema)
  run(
    @Param('job', new ZodValidationPipe(jobNameSchema)) job: JobName,
    @Body(new ZodValidationPipe(runJobSchema)) body: z.infer<typeof runJobSchema>,
  ) {
    return this.jobs.run(job, body);
  }
}
