import type pg from 'pg';

/**
 * Tampering as the table owner would: the WORM triggers disabled for these statements only,
 * then restored, all in one transaction. Use it to prove verification catches what the
 * application itself can never do.
 */
export async function tamper(owner: pg.Client, sql: string, values: unknown[] = []): Promise<void> {
  await owner.query('begin');
  await owner.query('alter table events disable trigger user');
  await owner.query(sql, values);
  await owner.query('alter table events enable trigger user');
  await owner.query('commit');
}
