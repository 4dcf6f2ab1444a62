import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, runsBackgroundWork, type AppConfig } from '../platform/config/app-config';
import {
  JobRunRequestsRepository,
  RUN_REQUEST_POLL_MS,
  runRequestError,
} from '../platform/jobs/job-run-requests.repository';
import { JOB_NAMES, JobsService, type JobName } from './jobs.service';

/**
 * On a process that runs jobs (ROLE=worker or all): takes the manual runs API instances queued
 * in job_run_requests, one at a time, runs each as a manual run here would (the job's lock
 * included) and writes the answer back for the waiting API instance.
 */
@Injectable()
export class JobRunRequestsWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly requests: JobRunRequestsRepository,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (runsBackgroundWork(this.config)) this.schedule();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.drain()
        .catch((error: unknown) => this.logger.error({ err: error }, 'taking queued job runs failed'))
        .finally(() => this.schedule());
    }, RUN_REQUEST_POLL_MS);
  }

  /** Every waiting request, oldest first. */
  private async drain(): Promise<void> {
    for (let request = await this.requests.claimNext(); request; request = await this.requests.claimNext()) {
      const job = JOB_NAMES.find((name) => name === request.job);
      if (!job) {
        await this.requests.finish(request.requestId, runRequestError(new Error(`unknown job ${request.job}`)));
        continue;
      }
      this.logger.info({ job, requestId: request.requestId }, 'running a job an API instance asked for');
      const outcome = await this.runQueued(job, request.options);
      await this.requests.finish(request.requestId, outcome);
      if (this.stopped) return;
    }
  }

  private async runQueued(job: JobName, options: { throughDay?: string }) {
    try {
      return { result: await this.jobs.reportHere(job, options) };
    } catch (error) {
      return runRequestError(error);
    }
  }
}
