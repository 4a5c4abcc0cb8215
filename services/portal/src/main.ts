import 'reflect-metadata';
import { runService } from '@mcp/service-runtime';
import { portalService } from './portal.definition';

// `node main.ts` serves; `node main.ts migrate` migrates (libs/service-runtime runService).
void runService(portalService);
