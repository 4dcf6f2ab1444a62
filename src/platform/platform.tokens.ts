/** Injection tokens of the platform's narrow ports. */
export const DATABASE = Symbol('Database');
export const KNEX = Symbol('Knex');
/** The owner (migration) connection URL, for leader locks and DDL such as rebuilds. */
export const OWNER_DATABASE_URL = Symbol('OwnerDatabaseUrl');
