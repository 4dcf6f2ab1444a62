import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/shared-kernel/domain-error';
import { ERROR_CATALOG, ERROR_CODES } from '../../../src/shared-kernel/error-catalog';

/** The rows of the README's error catalog table: `| \`CODE\` | status | meaning |`. */
function readmeCatalog(): { code: string; status: number; meaning: string }[] {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Error catalog')).split(/\n#{2,3} /)[0];
  return [...section.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (.+) \|$/gm)].map(([, code, status, meaning]) => ({
    code,
    status: Number(status),
    meaning,
  }));
}

describe('the error catalog', () => {
  it('gives every code a client or server error status and a meaning', () => {
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(ERROR_CATALOG[code].status, code).toBeGreaterThanOrEqual(400);
      expect(ERROR_CATALOG[code].status, code).toBeLessThan(600);
      expect(ERROR_CATALOG[code].meaning.length, code).toBeGreaterThan(10);
    }
  });

  it('is what a DomainError answers with: the status comes from the code', () => {
    expect(new DomainError('EMAIL_TAKEN', 'taken')).toMatchObject({ httpStatus: 409, code: 'EMAIL_TAKEN' });
    expect(new DomainError('UNKNOWN_USERS', 'who')).toMatchObject({ httpStatus: 422 });
    expect(new DomainError('RATE_LIMITED', 'slow down')).toMatchObject({ httpStatus: 429 });
  });

  it('is the table in the README, code for code', () => {
    const documented = Object.entries(ERROR_CATALOG).map(([code, { status, meaning }]) => ({ code, status, meaning }));
    expect(readmeCatalog()).toEqual(documented);
  });
});
