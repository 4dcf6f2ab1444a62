/** A progress line on stderr: rewritten in place on a terminal, one line per update otherwise. */
export function progressReporter(label: string): { update(this: void, count: number): void; done(this: void): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(count) {
      const now = Date.now();
      if (tty) process.stderr.write(`\r${label}: ${count.toLocaleString('en-US')} events`);
      else if (now - last > 1000) process.stderr.write(`${label}: ${count.toLocaleString('en-US')} events\n`);
      last = now;
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
