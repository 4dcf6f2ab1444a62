import { z } from 'zod';
import { systemClock } from '../shared-kernel/clock';
import { LeaderNamespace, tryAcquireLeadership } from '../platform/leadership/leader-lock';
import { previousUtcDay, unfinishedDayProblem } from '../progress/jobs/settlement-days';
import { settleAllMembers } from '../progress/jobs/settle-all-members';
import type { CliDatabase } from './cli-database';
import { UsageError } from './commands';

/** Runs the daily reputation settlement by hand, under the same cluster-wide lock as the job. */
export async function settleReputationCommand(cli: CliDatabase, throughDayFlag: string | undefined): Promise<number> {
  const parsed = z.iso.date().optional().safeParse(throughDayFlag);
  if (!parsed.success) throw new UsageError('--through-day must be YYYY-MM-DD');
  const throughDay = parsed.data ?? previousUtcDay(systemClock.now());
  const problem = unfinishedDayProblem(throughDay, systemClock.now());
  if (problem) throw new UsageError(`--through-day ${problem}`);
  const lease = await tryAcquireLeadership(cli.ownerUrl, LeaderNamespace.job, 'reputation-settlement');
  if (!lease) {
    console.error('The reputation settlement is running elsewhere right now; try again shortly.');
    return 1;
  }
  try {
    const report = await settleAllMembers(
      { store: cli.store, knex: cli.database.knex, clock: systemClock },
      throughDay,
    );
    console.log(JSON.stringify(report, null, 2));
    return 0;
  } finally {
    await lease.release();
  }
}
