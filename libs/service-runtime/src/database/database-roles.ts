import { auditRoles, ensureRole, prepareAuditTrail } from '@mcp/audit-trail';
import { Client, type ClientBase } from 'pg';
import { ensureDatabase } from './database-settings';
import { scramSha256Verifier } from './scram-verifier';

/** The Postgres login role a service connects as: it owns the service's schema and nothing else. */
export function serviceRoleOf(service: string): string {
  return `mcp_${service}`;
}

/** The service's DATABASE_URL: the administrator's URL with the service's role as the user. */
export function serviceDatabaseUrl(adminUrl: string, service: string, password?: string): string {
  const url = new URL(adminUrl);
  url.username = serviceRoleOf(service);
  url.password = password ?? '';
  return url.toString();
}

/**
 * What each service may do with the audit log: the services whose use cases change state or hand
 * out data append, the one that publishes the head hash (docs/decisions.md #49) reads the head, the
 * others nothing.
 */
const auditDutiesOf: Record<string, readonly string[]> = {
  submissions: [auditRoles.writer],
  verification: [auditRoles.writer],
  scoring: [auditRoles.writer],
  // An admin's webhook subscriptions (where KPK's events go) and recipient filings (who is told).
  notification: [auditRoles.writer],
  // Appends who exported every Pemda's detail (docs/decisions.md #203): appending through
  // audit.append cannot rewrite what the heads it publishes already vouch for.
  reporting: [auditRoles.publisher, auditRoles.writer],
};

/**
 * Hands the schema and everything in it to the service's role: a database migrated before roles
 * existed has its tables (and scoring's trigger function) owned by the administrator.
 */
async function giveSchemaTo(client: ClientBase, schema: string, role: string): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}" AUTHORIZATION "${role}"`);
  await client.query(`ALTER SCHEMA "${schema}" OWNER TO "${role}"`);
  await client.query(
    `DO $$ DECLARE item record; BEGIN
      FOR item IN SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, $role$${role}$role$) AS statement
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $schema$${schema}$schema$ AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $role$${role}$role$)
      LOOP EXECUTE item.statement; END LOOP;
      FOR item IN SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $role$${role}$role$) AS statement
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $schema$${schema}$schema$
          AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = $role$${role}$role$)
      LOOP EXECUTE item.statement; END LOOP;
    END $$`,
  );
}

/**
 * The administrator's step before any service migrates (local: `npm run up` and the integration
 * tests' global setup; compose and Kubernetes: an init step): the database, one LOGIN role per
 * service owning its schema, the audit schema, and who may append to it. Idempotent and safe beside
 * other databases on the same server: roles are cluster-wide, so they are only ever created (never
 * dropped; altered only to set the password a deployment gives, as a SCRAM verifier), and
 * everything else is inside this database.
 */
export async function prepareDatabase(adminUrl: string, services: string[], passwordOf?: (service: string) => string | undefined): Promise<void> {
  await ensureDatabase(adminUrl);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  // One administrator at a time per database (CREATE SCHEMA IF NOT EXISTS races); a session lock,
  // because the audit step commits its own transaction.
  const lockKey = 'mcp:prepare-database';
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    for (const service of services) {
      const role = serviceRoleOf(service);
      await ensureRole(client, role, 'LOGIN');
      const password = passwordOf?.(service);
      // The verifier, never the password: the statement may be written to the server's log.
      if (password) await client.query(`ALTER ROLE "${role}" PASSWORD '${scramSha256Verifier(password)}'`);
      await giveSchemaTo(client, service, role);
    }
    await prepareAuditTrail(client);
    for (const service of services) {
      for (const duty of auditDutiesOf[service] ?? []) await client.query(`GRANT "${duty}" TO "${serviceRoleOf(service)}"`);
    }
  } finally {
    await client.end();
  }
}
