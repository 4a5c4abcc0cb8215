import 'reflect-metadata';
import { loadConfig, runService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import { SubmissionsConfig } from './submissions-config';
import { submissionsService } from './submissions.definition';

const config = loadConfig(SubmissionsConfig);
void runService(AppModule.register(config), config, submissionsService);
