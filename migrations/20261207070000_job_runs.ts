import type { Knex } from 'knex';

/**
 * Job health shared by every instance (#18): `job_runs` holds each scheduled job's last run as
 * the instance that ran it (the job's leader) recorded it, so an API instance reports the
 * worker's runs. `job_run_requests` carries a "run now" from an API instance to a worker: the
 * API inserts a request, a worker claims it, runs the job and writes the answer back. The app
 * role may read, add and update rows but never delete them (the table default grants delete).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table job_runs (
      job text primary key,
      last_run_at timestamptz,
      last_duration_ms integer,
      last_outcome text check (last_outcome in ('SUCCEEDED', 'FAILED', 'SKIPPED_NOT_LEADER')),
      last_error text,
      running_since timestamptz,
      next_run_at timestamptz,
      updated_at timestamptz not null default now()
    );
    create table job_run_requests (
      request_id uuid primary key,
      job text not null,
      options jsonb not null,
      requested_at timestamptz not null default now(),
      claimed_at timestamptz,
      finished_at timestamptz,
      result jsonb,
      error jsonb
    );
    create index job_run_requests_waiting on job_run_requests (requested_at) where claimed_at is null and finished_at is null;
    revoke all on job_runs, job_run_requests from public;
    revoke delete, truncate on job_runs, job_run_requests from smartstart_app;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table job_run_requests; drop table job_runs;');
}
