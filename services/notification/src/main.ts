import 'reflect-metadata';
import { loadConfig, runService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import { notificationService } from './notification.definition';
import { NotificationConfig } from './notification-config';

const config = loadConfig(NotificationConfig);
void runService(AppModule.register(config), config, notificationService);
