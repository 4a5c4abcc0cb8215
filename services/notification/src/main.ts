import 'reflect-metadata';
import { runService } from '@mcp/service-runtime';
import { notificationService } from './notification.definition';

// `node main.ts` serves; `node main.ts migrate` migrates (libs/service-runtime runService).
void runService(notificationService);
