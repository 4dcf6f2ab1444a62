import type { Knex } from 'knex';
import type { Notice } from './notices';

interface RunRow {
  id: string;
  status: string;
  events_checked: string;
  events_total: string;
}

// Enough to catch a run that started and ended between two looks; runs are started by hand.
const RECENT_RUNS = 5;

/**
 * Full verifications record their progress in `audit_verifications`, not in events, and the
 * instance running one may not be the one an auditor's tab is connected to. So each instance
 * reads the running and most recent runs, one query per tick, and only while an auditor is
 * connected here; a run that is new or changed since the last look is a `verification` notice.
 */
export class VerificationWatch {
  private seen: Map<string, string> | null = null;
  private checking = false;

  constructor(private readonly knex: Knex) {}

  /** A baseline is taken: the next call reports changes. */
  get watching(): boolean {
    return this.seen !== null;
  }

  async changes(): Promise<Notice[]> {
    if (this.checking) return [];
    this.checking = true;
    try {
      const rows = await this.knex<RunRow>('audit_verifications')
        .where('status', 'RUNNING')
        .orWhereIn('id', this.knex('audit_verifications').select('id').orderBy('started_at', 'desc').limit(RECENT_RUNS))
        .select('id', 'status', 'events_checked', 'events_total');
      const next = new Map(rows.map((row) => [row.id, `${row.status}:${row.events_checked}:${row.events_total}`]));
      // The first look is the baseline: the tabs loaded those runs as they were.
      const notices: Notice[] =
        this.seen === null
          ? []
          : [...next]
              .filter(([id, state]) => this.seen?.get(id) !== state)
              .map(([id]) => ({ topic: 'verification', ids: [id] }));
      this.seen = next;
      return notices;
    } finally {
      this.checking = false;
    }
  }

  /** No auditor is connected here: stop looking, and take a new baseline when one connects. */
  reset(): void {
    this.seen = null;
  }
}
