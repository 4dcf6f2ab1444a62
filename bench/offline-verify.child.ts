import { verifyBundle } from '../src/audit/offline/bundle-verifier';

/**
 * One verifyBundle pass in a process of its own, started with the node flags of `npm run audit`
 * (offline-verify.bench.ts): what it prints is what the command's verification costs.
 * Arguments: the bundle's directory, then the worker threads ('default' or a number).
 */
async function main(): Promise<void> {
  const [bundle, threadsArgument] = process.argv.slice(2);
  const threads = threadsArgument === 'default' ? undefined : Number(threadsArgument);
  const cpuAtStart = process.cpuUsage();
  const started = performance.now();
  const report = await verifyBundle(bundle, { threads });
  const cpu = process.cpuUsage(cpuAtStart);
  process.stdout.write(
    JSON.stringify({
      status: report.status,
      firstBreak: report.firstBreak,
      events: report.eventsChecked,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    }),
  );
}

void main();
