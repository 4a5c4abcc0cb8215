import { parseArgs } from 'node:util';
import { prepareDatabase, serviceRoleOf } from '../database/database-roles';
import { serviceCatalogue } from '../definition/service-catalogue';

/*
 * The administrator's step, before any service migrates: the database, a LOGIN role per catalogued
 * service owning its schema, the audit schema and its grants. Idempotent.
 *   node -r @swc-node/register libs/service-runtime/src/cli/prepare-database.ts [--database-url <admin url>]
 * (built: node dist/app/libs/service-runtime/src/cli/prepare-database.js). The URL defaults to
 * DATABASE_ADMIN_URL. A service's password, where the server asks for one, comes from
 * MCP_DB_PASSWORD_<SERVICE> (e.g. MCP_DB_PASSWORD_SUBMISSIONS); without it the role keeps its own.
 */
const USAGE =
  'Pemakaian (usage): prepare-database.ts [--database-url <URL administrator>]   (bawaan: DATABASE_ADMIN_URL; ' +
  'sandi layanan dari MCP_DB_PASSWORD_<LAYANAN>)';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const url = values['database-url'] ?? process.env.DATABASE_ADMIN_URL;
  if (!url) throw new Error('DATABASE_ADMIN_URL (atau --database-url) wajib: URL administrator basis data');
  const services = serviceCatalogue.map(({ name }) => name);
  await prepareDatabase(url, services, (service) => process.env[`MCP_DB_PASSWORD_${service.toUpperCase()}`]);
  console.log(`Basis data siap (database prepared): ${services.map(serviceRoleOf).join(', ')}, audit`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  const usage = String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
  if (usage) console.error(USAGE);
  process.exitCode = usage ? 2 : 1;
});
