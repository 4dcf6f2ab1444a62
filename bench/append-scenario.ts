import { fork } from 'node:child_process';
import path from 'node:path';
import type { BenchContext } from './benchmark';
import type { EmmettParentMessage, EmmettWorkerConfig, EmmettWorkerMessage } from './emmett-append.worker';
import { runWriters, type WindowClock } from './load-loop';
import { openServerProbes, type ServerProbeReport, type ServerProbes } from './server-probes';

/** One workload's figures over the measured window. */
export interface ScenarioResult {
  label: string;
  perSecond: number;
  operations: number;
  seconds: number;
  clientCpuSeconds: number;
  probes: ServerProbeReport;
}

export type MakeWriter = (writerIndex: number, clock: WindowClock) => () => Promise<void>;

/** Runs the writers in this process against `url`, with server probes over the measured window. */
export async function measureInProcess(
  context: BenchContext,
  label: string,
  url: string,
  makeWriter: MakeWriter,
): Promise<ScenarioResult> {
  context.log(`append: ${label}`);
  const probes = await openServerProbes(url, databaseName(url));
  try {
    let cpuAtStart = process.cpuUsage();
    let clientCpuSeconds = 0;
    let report: ServerProbeReport | null = null;
    const load = await runWriters(context.options.writers, context.options.window, makeWriter, {
      onWindowStart: async () => {
        await probes.start();
        cpuAtStart = process.cpuUsage();
      },
      onWindowEnd: async () => {
        const used = process.cpuUsage(cpuAtStart);
        clientCpuSeconds = (used.user + used.system) / 1e6;
        report = await probes.stop();
      },
    });
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- onWindowEnd sets it while the run awaits
    if (!report) throw new Error(`${label}: the measured window never closed`);
    return { label, ...load, clientCpuSeconds, probes: report };
  } finally {
    await probes.close();
  }
}

/** Runs Emmett's workload in a child process (see emmett-append.worker.ts) and probes the server from here. */
export async function measureEmmett(context: BenchContext, label: string, url: string): Promise<ScenarioResult> {
  context.log(`append: ${label} (child process)`);
  const probes = await openServerProbes(url, databaseName(url));
  try {
    return await runEmmettChild(
      label,
      { url, writers: context.options.writers, window: context.options.window },
      probes,
    );
  } finally {
    await probes.close();
  }
}

function runEmmettChild(label: string, config: EmmettWorkerConfig, probes: ServerProbes): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'emmett-append.worker.js'), [JSON.stringify(config)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let started: Promise<void> = Promise.resolve();
    let stopped: Promise<ServerProbeReport> | null = null;
    let outcome: EmmettWorkerMessage | null = null;
    child.on('message', (message: EmmettWorkerMessage) => {
      if (message.kind === 'window-start') started = probes.start();
      else if (message.kind === 'window-end') {
        stopped = started.then(() => probes.stop());
        const ack: EmmettParentMessage = { kind: 'probes-stopped' };
        // Sent even if the probes failed, so the worker never waits forever; the failure surfaces below.
        stopped.finally(() => child.connected && child.send(ack)).catch(() => undefined);
      } else outcome = message;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const result = outcome;
      if (result?.kind === 'error') return reject(new Error(result.message));
      if (result?.kind !== 'result' || !stopped)
        return reject(new Error(`Emmett worker exited with code ${code} and no result`));
      const { operations, seconds, clientCpuSeconds } = result;
      stopped.then(
        (report) =>
          resolve({ label, operations, seconds, perSecond: operations / seconds, clientCpuSeconds, probes: report }),
        reject,
      );
    });
  });
}

function databaseName(url: string): string {
  return new URL(url).pathname.slice(1);
}
