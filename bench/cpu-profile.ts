import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Table } from './benchmark';
import type { MonotonicWindow } from './http-load';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time of a `node --cpu-prof` profile inside `window` (V8 stamps samples in µs on the
 * monotonic clock, the one process.hrtime reads), by area of the code and by function.
 */
export async function summariseCpuProfile(directory: string, window: MonotonicWindow): Promise<ProfileSummary | null> {
  const files = (await readdir(directory)).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length === 0) return null;
  const profile = JSON.parse(await readFile(path.join(directory, files[0]), 'utf8')) as CpuProfile;
  return summariseProfile(
    profile,
    window,
    'API process CPU profile over the closed-loop issuance window (`--diagnose`: node --cpu-prof)',
  );
}

export interface ProfileSummary {
  tables: Table[];
  /** The garbage collector's share of the samples. */
  gcShare: number;
  /** The functions with the most self time, with their share of the samples. */
  topFunctions: Array<{ name: string; share: number }>;
}

/** Self time by area and by function. */
export function summariseProfile(profile: CpuProfile, window: MonotonicWindow, title: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  // A native frame (a syscall such as writev) is named with the nearest caller that has a source.
  const callerOf = (node: ProfileNode): string => {
    for (let id = parentOf.get(node.id); id !== undefined; id = parentOf.get(id)) {
      const frame = (byId.get(id) as ProfileNode).callFrame;
      if (frame.url && !frame.url.startsWith('node:'))
        return `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    }
    return '?';
  };
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let time = profile.startTime;
  let total = 0;
  for (let index = 0; index < profile.samples.length; index += 1) {
    time += profile.timeDeltas[index];
    if (time < window.startUs || time > window.endUs) continue;
    // A sample's duration is the gap to the next one.
    const duration = profile.timeDeltas[index + 1] ?? 0;
    const node = byId.get(profile.samples[index]);
    if (!node) continue;
    total += duration;
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + duration);
    const frame = node.callFrame;
    const native = !frame.url && !frame.functionName.startsWith('(');
    const name = native
      ? `${frame.functionName} (native), called from ${callerOf(node)}`
      : `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + duration);
  }
  const windowUs = window.endUs - window.startUs;
  const rows = (entries: Map<string, number>, limit: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([label, us]) => [
        label,
        `${((us / windowUs) * 100).toFixed(1)}%`,
        `${((us / Math.max(1, total)) * 100).toFixed(1)}%`,
      ]);
  return {
    tables: [
      {
        title: `${title}, self time by area`,
        columns: ['Area', 'share of wall time', 'share of samples'],
        rows: rows(byArea, 14),
      },
      {
        title: 'Same profile, the 15 functions with the most self time',
        columns: ['Function', 'share of wall time', 'share of samples'],
        rows: rows(byFunction, 15),
      },
    ],
    gcShare: (byArea.get('(garbage collector)') ?? 0) / Math.max(1, total),
    topFunctions: [...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([name, us]) => ({ name: name.trim(), share: us / Math.max(1, total) })),
  };
}

function areaOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(idle)') return '(idle: waiting for I/O)';
    if (functionName === '(garbage collector)') return '(garbage collector)';
    if (functionName === '(program)') return '(program: V8/native, outside JS)';
    return `native: ${functionName}`;
  }
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return `node_modules: ${modules[1]}`;
  if (url.startsWith('node:')) return `node: ${url.slice('node:'.length).split('/')[0]}`;
  const app = /\/dist\/((?:src|projections)\/[^/]+(?:\/[^/]+)?)\//.exec(url);
  if (app) return `app: ${app[1]}`;
  return shortUrl(url);
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist !== -1) return url.slice(dist + '/dist/'.length);
  return url.replace(/^file:\/\//, '');
}
