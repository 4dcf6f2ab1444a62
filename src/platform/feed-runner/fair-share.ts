import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { LeaderNamespace, tryAcquireLeadership, type LeaderLease } from '../leadership/leader-lock';

/**
 * How many projections and reactors this process may lead when several processes run them (#18):
 * its fair share, the runners divided by the live processes that run them, rounded up (so the
 * shares always cover every runner). A process counts while it holds its presence lock, an
 * advisory lock under a random key of its own on a connection of its own: the live processes are
 * the presence locks PostgreSQL shows held in this database, so one that dies stops counting the
 * moment its connection drops, with no heartbeat to time out. A runner takes a place before it
 * tries its leader lock, so a process never takes more than its share while others live; one that
 * holds more (it ran alone when another started) hands the excess over (FeedRunnersService).
 * The leader locks and the checkpoints' compare-and-set still decide who applies what: the share
 * only decides who tries.
 */
export class FairShare {
  private presence: Promise<LeaderLease> | null = null;
  private counting: Promise<number> | null = null;
  private readonly places = new Set<string>();
  private leaving = false;

  constructor(
    private readonly leadershipUrl: string,
    private readonly knex: Knex,
    private readonly runnerCount: number,
  ) {}

  /** Takes a place for `runner`'s lease; false when this process holds its share already. */
  async reserve(runner: string): Promise<boolean> {
    const share = await this.share();
    // Checked and taken in one synchronous step: runners reserving at once can't overshoot.
    if (this.places.size >= share) return false;
    this.places.add(runner);
    return true;
  }

  giveBack(runner: string): void {
    this.places.delete(runner);
  }

  holds(runner: string): boolean {
    return this.places.has(runner);
  }

  /** How many places this process holds beyond its share. */
  async excess(): Promise<number> {
    return Math.max(0, this.places.size - (await this.share()));
  }

  /** Stops counting this process (at shutdown, after its runners stopped): the others take its share. */
  async leave(): Promise<void> {
    this.leaving = true;
    const presence = this.presence;
    this.presence = null;
    if (presence) await (await presence).release();
  }

  /** One count at a time however many runners ask: they all get its answer. */
  private share(): Promise<number> {
    if (this.leaving) return Promise.resolve(0);
    this.counting ??= this.countShare().finally(() => (this.counting = null));
    return this.counting;
  }

  private async countShare(): Promise<number> {
    await this.present();
    const { rows } = await this.knex.raw<{ rows: { live: number }[] }>(
      `select count(*)::int as live from pg_locks
       where locktype = 'advisory' and granted and objsubid = 2 and classid = ?::oid
         and database = (select oid from pg_database where datname = current_database())`,
      [LeaderNamespace.runnerProcess],
    );
    return Math.ceil(this.runnerCount / Math.max(1, rows[0].live));
  }

  /** Joins (again, after a dropped connection) as one of the processes that run projections. */
  private present(): Promise<LeaderLease> {
    if (this.presence) return this.presence;
    const joining = joinPresence(this.leadershipUrl);
    const forget = () => {
      if (this.presence === joining) this.presence = null;
    };
    void joining.then((lease) => lease.lost.then(forget), forget);
    this.presence = joining;
    return joining;
  }
}

/** A presence lock under a fresh random key; another process's key is only met by a hash collision: draw again. */
async function joinPresence(leadershipUrl: string): Promise<LeaderLease> {
  for (;;) {
    const lease = await tryAcquireLeadership(leadershipUrl, LeaderNamespace.runnerProcess, randomUUID());
    if (lease) return lease;
  }
}
