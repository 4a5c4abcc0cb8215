import 'reflect-metadata';
import { loadConfig, runService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import { scoringService } from './scoring.definition';
import { ScoringConfig } from './scoring-config';

const config = loadConfig(ScoringConfig);
void runService(AppModule.register(config), config, scoringService);
