import 'reflect-metadata';
import { loadConfig, runService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import { VerificationConfig } from './verification-config';
import { verificationService } from './verification.definition';

const config = loadConfig(VerificationConfig);
void runService(AppModule.register(config), config, verificationService);
