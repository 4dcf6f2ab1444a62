/**
 * What a person needs once `npm start` is up: where the portal is and how to sign in. Printed as
 * the last lines of start-up (#16 §10), after the build, the migrations and the seed, so it is
 * what stays on screen rather than scrolling away above them.
 */
export function readyBanner({
  port,
  demoFile,
  role,
}: {
  port: number;
  demoFile: string | null;
  role: 'api' | 'worker' | 'all';
}): string[] {
  const origin = `http://localhost:${port}`;
  if (role === 'worker')
    return [
      'SmartStart Ledger is running as a worker',
      `  health  ${origin}/api/health  (nothing else is served here)`,
      '  stop with Ctrl+C',
    ];
  return [
    'SmartStart Ledger is running',
    `  portal  ${origin}/`,
    `  API     ${origin}/api/v1  (reference: ${origin}/api/docs)`,
    `  health  ${origin}/api/health`,
    demoFile
      ? `  demo sign-ins (emails and passwords): ${demoFile}`
      : '  no demo accounts (DEMO_SEED=false): make the first admin with `npm run cli -- admin create --email E --password P`',
    '  stop with Ctrl+C',
  ];
}
