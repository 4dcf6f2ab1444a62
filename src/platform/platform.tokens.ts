/** Injection tokens of the platform's narrow ports. */
export const DATABASE = Symbol('Database');
export const KNEX = Symbol('Knex');
/** The app's own login URL; each leader lock holds a session of its own opened from it. */
export const LEADERSHIP_DATABASE_URL = Symbol('LeadershipDatabaseUrl');
