import { describe, expect, it } from 'vitest';
import { readyBanner } from '../../../src/bootstrap/ready-banner';

describe('the lines start-up ends with', () => {
  it('say where the portal is and which file has the demo sign-ins', () => {
    const lines = readyBanner({ port: 3000, demoFile: '/srv/app/.data/demo-accounts.txt', role: 'all' });
    expect(lines[0]).toBe('SmartStart Ledger is running');
    expect(lines).toContain('  portal  http://localhost:3000/');
    expect(lines).toContain('  demo sign-ins (emails and passwords): /srv/app/.data/demo-accounts.txt');
  });

  it('without a demo, say how to make the first admin instead', () => {
    expect(readyBanner({ port: 8080, demoFile: null, role: 'api' }).join('\n')).toContain(
      'npm run cli -- admin create',
    );
  });

  it('on a worker, say that it serves only its health', () => {
    const lines = readyBanner({ port: 3001, demoFile: null, role: 'worker' });
    expect(lines[0]).toBe('SmartStart Ledger is running as a worker');
    expect(lines.join('\n')).toContain('http://localhost:3001/api/health');
    expect(lines.join('\n')).not.toContain('portal');
  });
});
