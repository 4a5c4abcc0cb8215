import 'reflect-metadata';
import { runService } from '@mcp/service-runtime';
import { scoringService } from './scoring.definition';

// `node main.ts` serves; `node main.ts migrate` migrates and seeds (libs/service-runtime runService).
void runService(scoringService);
