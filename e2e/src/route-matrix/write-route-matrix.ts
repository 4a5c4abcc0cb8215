import 'reflect-metadata';
import { repositoryRoot } from '@mcp/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { routeMatrixDocument } from './route-matrix-document';
import { routeInventory } from './route-inventory';

/** `node -r @swc-node/register e2e/src/route-matrix/write-route-matrix.ts`: regenerates docs/route-matrix.md. */
export const ROUTE_MATRIX_FILE = join(repositoryRoot, 'docs', 'route-matrix.md');

if (require.main === module) {
  writeFileSync(ROUTE_MATRIX_FILE, routeMatrixDocument(routeInventory()));
  console.log(`wrote ${ROUTE_MATRIX_FILE}`);
}
