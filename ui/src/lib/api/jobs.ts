import { apiGet, apiPost, type ResponseOf } from './contract';
import type { operations } from './generated/openapi';
import type { RequestOptions } from './http';

/** The scheduled jobs (#16 §10): each one's last and next run, and a manual run. */
export type JobHealth = ResponseOf<'/api/debug/jobs/health', 'get'>[number];
export type JobName = operations['postAdminJobsJobRun']['parameters']['path']['job'];
export type JobRun = ResponseOf<'/api/v1/admin/jobs/{job}/run', 'post'>;

export function listJobs(options?: RequestOptions): Promise<JobHealth[]> {
  return apiGet('/api/debug/jobs/health', {}, options);
}

export function runJob(job: JobName): Promise<JobRun> {
  return apiPost('/api/v1/admin/jobs/{job}/run', { path: { job }, body: {} });
}
