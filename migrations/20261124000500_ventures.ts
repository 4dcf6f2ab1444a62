import type { Knex } from 'knex';

/**
 * The `ventures` projection's read models. Timestamps are the events' occurredAt text, so a
 * rebuild reproduces them byte for byte; `last_revision` makes a replayed task event a no-op.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table ventures (
      venture_id uuid primary key,
      name text not null,
      owner_id uuid not null,
      created_at text not null,
      open_tasks int not null default 0,
      done_tasks int not null default 0
    );

    create table tasks (
      task_id text primary key,
      venture_id uuid not null,
      title text not null,
      tier text not null check (tier in ('S', 'A', 'B', 'C')),
      kind text not null,
      severity text,
      status text not null check (status in ('OPEN', 'CLAIMED', 'SUBMITTED', 'ACCEPTED')),
      assignee_id uuid,
      round int not null default 0,
      reviews jsonb not null default '[]',
      posted_at text not null,
      accepted_at text,
      last_revision bigint not null
    );
    create index tasks_by_venture on tasks (venture_id, posted_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table tasks, ventures');
}
