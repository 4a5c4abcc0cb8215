import 'reflect-metadata';
import { generateApiDocument, loadServiceConfig, serviceCatalogue } from '@mcp/service-runtime';
import { repositoryRoot } from '@mcp/testing';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceDefinition } from '../platform-under-test';
import { routeInventory, routeKey } from '../route-matrix/route-inventory';

/**
 * `node -r @swc-node/register e2e/src/openapi/write-openapi.ts [--check]`: docs/openapi/<service>.json
 * for every service of services/catalogue.json, generated from the code exactly as `/docs-json`
 * serves it; `--check` (deploy/local/test.sh) fails when a committed document differs.
 */
export const OPENAPI_DIR = join(repositoryRoot, 'docs', 'openapi');
const REGENERATE = 'node -r @swc-node/register e2e/src/openapi/write-openapi.ts';

export async function openApiDocuments(): Promise<Map<string, string>> {
  const documents = new Map<string, string>();
  for (const { name } of serviceCatalogue) {
    const definition = serviceDefinition(name);
    // Only the catalogue's port: the document must not depend on whoever's environment generates it.
    const config = loadServiceConfig(definition, { PORT: '0' });
    documents.set(`${name}.json`, `${JSON.stringify(await generateApiDocument(definition, config), null, 2)}\n`);
  }
  return documents;
}

/** Routes served but deliberately not in the documents, each with the reason. */
const UNDOCUMENTED = new Map<string, string>([
  ...serviceCatalogue.map(({ name }) => [`${name} GET /metrics`, 'Prometheus text for scrapers, not an API'] as [string, string]),
  ['portal ALL /api/:service/*path', "the forwarder to the services' own documented routes"],
]);

type Operation = { security?: unknown[] };

/**
 * What the documents cannot show by themselves: every route Nest registers is documented (or listed
 * in UNDOCUMENTED), and an operation says it needs a bearer token exactly when the guard asks for one.
 */
export function inventoryProblems(documents: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const route of routeInventory()) {
    const key = routeKey(route);
    if (UNDOCUMENTED.has(key)) continue;
    const paths = (JSON.parse(documents.get(`${route.service}.json`) ?? '{"paths":{}}') as { paths: Record<string, Record<string, Operation>> }).paths;
    const operation = paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
    if (!operation) problems.push(`${key}: served but not in docs/openapi/${route.service}.json`);
    else if (Boolean(operation.security?.length) === route.isPublic) {
      problems.push(`${key}: ${route.isPublic ? '@Public() but documented with a bearer token' : 'guarded but documented without a bearer token'}`);
    }
  }
  return problems;
}

function committed(fileName: string): string | undefined {
  try {
    return readFileSync(join(OPENAPI_DIR, fileName), 'utf8');
  } catch {
    return undefined;
  }
}

async function main(check: boolean): Promise<void> {
  const documents = await openApiDocuments();
  const problems = inventoryProblems(documents);
  for (const problem of problems) console.error(`inexact: ${problem}`);
  if (problems.length > 0) {
    process.exitCode = 1;
    return;
  }
  const orphans = (() => {
    try {
      return readdirSync(OPENAPI_DIR).filter((fileName) => fileName.endsWith('.json') && !documents.has(fileName));
    } catch {
      return [];
    }
  })();
  const stale = [...[...documents].filter(([fileName, text]) => committed(fileName) !== text).map(([fileName]) => fileName), ...orphans];
  if (check) {
    for (const fileName of stale) console.error(`stale: docs/openapi/${fileName}`);
    if (stale.length > 0) {
      console.error(`The OpenAPI documents are out of date; regenerate with\n  ${REGENERATE}`);
      process.exitCode = 1;
    }
    return;
  }
  mkdirSync(OPENAPI_DIR, { recursive: true });
  for (const fileName of orphans) {
    rmSync(join(OPENAPI_DIR, fileName));
    console.log(`removed: docs/openapi/${fileName}`);
  }
  for (const [fileName, text] of documents) {
    if (committed(fileName) === text) continue;
    writeFileSync(join(OPENAPI_DIR, fileName), text);
    console.log(`wrote: docs/openapi/${fileName}`);
  }
}

if (require.main === module) {
  main(process.argv.includes('--check')).then(
    () => process.exit(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
