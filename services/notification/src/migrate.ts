import 'reflect-metadata';
import { databaseSettingsOf, loadConfig, runMigrations } from '@mcp/service-runtime';
import { notificationService } from './notification.definition';
import { NotificationConfig } from './notification-config';

async function migrate(): Promise<void> {
  const applied = await runMigrations(databaseSettingsOf(loadConfig(NotificationConfig), notificationService));
  console.log(`notification: ${applied.length} migration(s) applied`);
}

void migrate().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
