import pg from 'pg';
import type { TestApp } from './test-app';

/**
 * Runs `body` while the projections cannot write `tables`: a test transaction (as the owner)
 * holds them in EXCLUSIVE mode, which blocks writes but not reads. Whatever `body` does, those
 * read models stay as they were before it, every time: a decision that read them would see the
 * past, with no dependence on timing. Don't wait for projections inside `body`.
 */
export async function withReadModelsHeld(
  app: TestApp,
  tables: readonly string[],
  body: () => Promise<void>,
): Promise<void> {
  const owner = new pg.Client({ connectionString: app.ownerUrl });
  await owner.connect();
  try {
    await owner.query('begin');
    await owner.query(`lock table ${tables.join(', ')} in exclusive mode`);
    await body();
  } finally {
    await owner.query('rollback');
    await owner.end();
  }
}
