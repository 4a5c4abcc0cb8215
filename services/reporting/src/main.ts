import 'reflect-metadata';
import { loadConfig, runService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import { reportingService } from './reporting.definition';
import { ReportingConfig } from './reporting-config';

const config = loadConfig(ReportingConfig);
void runService(AppModule.register(config), config, reportingService);
