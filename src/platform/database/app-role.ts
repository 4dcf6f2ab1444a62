import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The LOGIN role the app's pooled connections use. Migrations create it; they own nothing else of it. */
export const APP_ROLE = 'smartstart_app';

/** The owner's URL with the app role's name and password: same server, same database. */
export function appRoleUrl(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}

/**
 * Creates the app role with LOGIN and a fresh password on a new cluster, before any database is
 * migrated: tests and benchmarks migrate many databases at once, and would otherwise race to
 * ALTER the one cluster-wide role. Returns the password.
 */
export async function createAppLogin(adminUrl: string): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    await client.query(`create role ${APP_ROLE} login password ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  return password;
}

// 28P01 invalid_password; 28000 invalid_authorization_specification, which is what a NOLOGIN
// role gets. Anything else (server down, database missing) is not ours to repair.
const LOGIN_REFUSED = new Set(['28P01', '28000']);

/**
 * Makes `appUrl` able to log in. When its user is the app role and the login is refused, the
 * owner (re)sets that role's LOGIN and password from the URL, so an operator only declares the
 * password in APP_DATABASE_URL. A login that already works is left alone: several instances
 * starting at once then never rewrite the role under each other.
 */
export async function provisionAppLogin(ownerUrl: string, appUrl: string): Promise<void> {
  const refusal = await loginRefusal(appUrl);
  if (!refusal) return;
  const url = new URL(appUrl);
  if (decodeURIComponent(url.username) !== APP_ROLE) throw refusal;
  const owner = new pg.Client({ connectionString: ownerUrl, application_name: 'smartstart-provision' });
  await owner.connect();
  try {
    // ALTER ROLE takes no bind parameters; the literal is escaped by the driver.
    await owner.query(
      `alter role ${APP_ROLE} with login password ${owner.escapeLiteral(decodeURIComponent(url.password))}`,
    );
  } finally {
    await owner.end();
  }
}

async function loginRefusal(appUrl: string): Promise<Error | null> {
  const client = new pg.Client({ connectionString: appUrl, application_name: 'smartstart-provision' });
  try {
    await client.connect();
    return null;
  } catch (error) {
    if (LOGIN_REFUSED.has((error as { code?: string }).code ?? '')) return error as Error;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Membership in any of these lets a session write server files or run programs.
const SERVER_ACCESS_ROLES = [
  'pg_execute_server_program',
  'pg_write_server_files',
  'pg_read_server_files',
  'pg_write_all_data',
];

/**
 * What the app's connection could do that would let it undo WORM: each finding is a sentence.
 * Empty means the role is least-privileged as far as the event log is concerned.
 */
export async function privilegeProblems(appUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: appUrl, application_name: 'smartstart-privilege-check' });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, boolean | string[]>>(PRIVILEGE_SQL, [SERVER_ACCESS_ROLES]);
    const found = rows[0];
    const problems: string[] = [];
    if (found.superuser) problems.push('it is a superuser');
    if (found.owns_log) problems.push('it owns the event log tables (or is a member of their owner)');
    if (found.role_admin) problems.push('it can create roles or bypass row security or replicate');
    if ((found.privileged_groups as string[]).length > 0)
      problems.push(`it is a member of ${(found.privileged_groups as string[]).join(', ')}`);
    if (found.can_change_log) problems.push('it may UPDATE, DELETE or TRUNCATE events or merkle_leaves');
    return problems;
  } finally {
    await client.end();
  }
}

const PRIVILEGE_SQL = `
  select r.rolsuper as superuser,
         (r.rolcreaterole or r.rolbypassrls or r.rolreplication) as role_admin,
         exists (select 1 from pg_class c
                 where c.oid in ('public.events'::regclass, 'public.merkle_leaves'::regclass)
                   and pg_has_role(r.oid, c.relowner, 'MEMBER')) as owns_log,
         array(select g.rolname::text from pg_roles g
               where g.oid <> r.oid and pg_has_role(r.oid, g.oid, 'MEMBER')
                 and (g.rolsuper or g.rolname = any($1::text[]))
               order by 1) as privileged_groups,
         (has_table_privilege(r.oid, 'public.events', 'UPDATE, DELETE, TRUNCATE')
          or has_table_privilege(r.oid, 'public.merkle_leaves', 'UPDATE, DELETE, TRUNCATE')) as can_change_log
  from pg_roles r where r.rolname = current_user`;
