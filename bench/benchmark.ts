import type { LoadWindow } from './load-loop';

/** Options shared by every benchmark; set from the command line. */
export interface BenchOptions {
  writers: number;
  /** HTTP connections autocannon keeps busy (issuance). */
  connections: number;
  /** Events the verification benchmark writes, then verifies and rebuilds from. */
  events: number;
  /** Idle portal tabs the live benchmark opens. */
  tabs: number;
  window: LoadWindow;
  /** Also run the diagnostic variants that explain a figure (slower). */
  diagnose: boolean;
}

export interface BenchContext {
  readonly options: BenchOptions;
  /** A new database in the run's own cluster with every migration applied; returns its owner URL. */
  freshDatabase(name: string): Promise<string>;
  /** The app role's login to the database behind an owner URL, as the server logs in. */
  appUrl(ownerUrl: string): string;
  log(this: void, line: string): void;
}

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
}

/** A DESIGN §8 target, checked against this run's figures. */
export interface TargetCheck {
  target: string;
  measured: string;
  goal: string;
  met: boolean;
}

export interface BenchReport {
  title: string;
  tables: Table[];
  targets: TargetCheck[];
  notes: string[];
  /** For each missed target, what limits it (rendered under the figures). */
  limits?: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  /**
   * A file of its own in bench/ instead of RESULTS.md, which holds the other benchmarks' last full
   * run: running this one alone must not overwrite their figures.
   */
  resultsFile?: string;
  /** Written as its own section of RESULTS.md (replaced on the next run), never rewriting the other benchmarks' figures. */
  section?: boolean;
  run(context: BenchContext): Promise<BenchReport>;
}
