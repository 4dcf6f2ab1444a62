import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const CLI = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const FIXTURE = path.join(ROOT, 'test/fixtures/dependency-rules');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** dependency-cruiser as `npm run depcruise` runs it, its JSON report read back; it exits non-zero on a violation, which is data here. */
async function cruise(cwd: string, paths: string[]): Promise<Violation[]> {
  const run = promisify(execFile)(process.execPath, [CLI, ...paths, '--config', CONFIG, '--output-type', 'json'], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  const { stdout } = await run.catch((error: unknown) => ({ stdout: stdoutOf(error) }));
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** What the child printed before it exited non-zero: execFile's error carries it as `stdout`. */
function stdoutOf(error: unknown): string {
  return error instanceof Error && 'stdout' in error && typeof error.stdout === 'string' ? error.stdout : '';
}

describe('the dependency rules (.dependency-cruiser.cjs)', () => {
  it('hold for the code: no violation in src, projections and migrations', async () => {
    const violations = await cruise(ROOT, ['src', 'projections', 'migrations']);
    expect(violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`)).toEqual([]);
  });

  it('catch each kind of breach: every rule fires on its deliberate breach in the fixture tree', async () => {
    const violations = await cruise(FIXTURE, ['src', 'projections']);
    const fired = new Map(violations.map(({ rule, from }) => [rule.name, from]));
    // vitest types its asymmetric matchers as `any`; typed `unknown`, one goes into an expected object like any value.
    const eitherCycleFile: unknown = expect.stringMatching(/^src\/audit\/[ab]\.ts$/);
    expect(Object.fromEntries(fired)).toEqual({
      'kernel-imports-nothing': 'src/shared-kernel/leaky.ts',
      'platform-imports-no-context': 'src/platform/tool.ts',
      'domain-is-pure': 'src/identity/domain/impure.ts',
      'contexts-use-each-others-public-surface-only': 'src/wallet/queries/reach.ts',
      'contexts-do-not-import-the-app-shell': 'src/live/upside.ts',
      'read-models-through-their-contract': 'src/ledger/rows.ts',
      'read-models-fold-published-events': 'projections/things/things.projection.ts',
      'no-circular': eitherCycleFile,
      'not-to-unresolvable': 'src/ledger/lost.ts',
    });
  });
});
