import type { BenchContext, BenchReport } from './benchmark';

export interface LivePhase {
  label: string;
  /** Requests the tabs sent inside the window (answered). */
  requests: number;
  failures: number;
  requestsPerMinute: number;
  /** CPU time over wall time: 1.0 is one core busy all the window. */
  apiCpuShare: number;
  postgresCpuShare: number;
  apiRssBytes: number;
}

export interface LiveFigures {
  tabs: number;
  windowMs: number;
  /** [reference, polling baseline, SSE idle, SSE with events]. */
  phases: LivePhase[];
  noticeLatenciesMs: number[];
  /** How often the old wallet page polled, and how often events arrived in the last phase. */
  pollMs: number;
  eventEveryMs: number;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const ratio = (value: number, baseline: number) => (baseline === 0 ? '–' : `${(value / baseline).toFixed(3)}×`);

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The figures as ratios against the polling baseline of the same run. */
export function liveReport(context: BenchContext, figures: LiveFigures): BenchReport {
  const [, baseline, idle, active] = figures.phases;
  const latencies = [...figures.noticeLatenciesMs].sort((a, b) => a - b);
  const perTab = (phase: LivePhase) => (phase.requestsPerMinute / figures.tabs).toFixed(2);
  context.log(
    `live: idle portal, ${figures.tabs} tabs: ${baseline.requestsPerMinute.toFixed(0)} requests/min polling → ${idle.requestsPerMinute.toFixed(0)} with SSE`,
  );
  return {
    title: `Live updates: ${figures.tabs} idle portal tabs, polling vs one SSE stream each`,
    tables: [
      {
        title: `Each phase measured for ${figures.windowMs / 1000} s against the compiled server (node dist/src/main.js)`,
        columns: [
          'Phase',
          'Requests/min (all tabs)',
          'Per tab',
          'Failed',
          'API CPU (one core)',
          'PostgreSQL CPU',
          'API RSS',
          'Requests vs baseline',
          'API CPU vs baseline',
        ],
        rows: figures.phases.map((phase) => [
          phase.label,
          phase.requestsPerMinute.toFixed(1),
          perTab(phase),
          String(phase.failures),
          percent(phase.apiCpuShare),
          percent(phase.postgresCpuShare),
          `${(phase.apiRssBytes / 2 ** 20).toFixed(0)} MiB`,
          ratio(phase.requestsPerMinute, baseline.requestsPerMinute),
          ratio(phase.apiCpuShare, baseline.apiCpuShare),
        ]),
      },
      {
        title: `Notice latency with ${figures.tabs} streams open: append answered → notice received (${latencies.length} notices)`,
        columns: ['p50', 'p90', 'p99', 'max'],
        rows: [[0.5, 0.9, 0.99, 1].map((q) => `${quantile(latencies, q).toFixed(0)} ms`)],
      },
    ],
    targets: [
      {
        target: `Live updates: ${figures.tabs} idle tabs cost no polling load`,
        measured: `${idle.requestsPerMinute.toFixed(1)} requests/min (polling: ${baseline.requestsPerMinute.toFixed(0)})`,
        goal: '0 requests/min',
        met: idle.requests === 0,
      },
    ],
    notes: [
      `Baseline: each tab as the old wallet page, \`GET /api/v1/wallet/me?limit=25\` and \`GET /api/v1/profiles/:id\` together, then again ${figures.pollMs / 1000} s after the answers (${(120_000 / figures.pollMs).toFixed(0)} requests a minute per tab at best).`,
      'Live: one `GET /api/v1/live` per tab, opened before the window and charged once; heartbeats every 25 s cost no request. A tab renews its session a minute before its 15-minute access token expires (one refresh and one reconnect), which a 60 s window does not show: 2 requests per tab per ~14 minutes, 0.14 requests/min per tab (the browser test `test/browser/portal-live.browser.spec.ts` measures 0.28/min for two tabs over a simulated 8-hour day).',
      `With events: a \`BuzAdjusted\` in one tab's wallet every ${figures.eventEveryMs} ms, appended straight to the store (as another instance would); that tab refetches its wallet on the notice, as the page does. Requests follow the changes, not the number of tabs.`,
      `Latency includes waiting for the wallet projection to apply the event (read-your-writes), the live feed's check of the projection checkpoints every 100 ms, and the server's feed poll (PROJECTION_POLL_MS, 50 ms): an append made on another instance is not nudged.`,
      `Reference: the same server with no tabs, for what the API and PostgreSQL spend idle (projection runners and the live feed read the feed's tail every 50 ms).`,
      `Results: ${active.requests} refetches, ${active.failures} failed, in the events phase.`,
    ],
  };
}
