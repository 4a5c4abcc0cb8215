import { messagingTablesMigration } from '@mcp/messaging';
import { defineService } from '@mcp/service-runtime';
import { AppModule } from './app.module';
import { CreateSessions1763700000900 } from './migrations/1763700000900-create-sessions';
import { OidcSessions1763700000910 } from './migrations/1763700000910-oidc-sessions';
import { People1763700000920 } from './migrations/1763700000920-people';
import { VerifierWilayah1763700000970 } from './migrations/1763700000970-verifier-wilayah';
import { Person } from './people/person.entity';
import { PortalConfig } from './portal-config';
import { PortalSession } from './sessions/portal-session.entity';

export const portalService = defineService({
  name: 'portal',
  description:
    'The MCP web application and its backend-for-frontend: browser sessions, development sign-in, the five services’ APIs called with the user’s token, live updates over Server-Sent Events.',
  Config: PortalConfig,
  appModule: (config) => AppModule.register(config),
  entities: [PortalSession, Person],
  // The outbox and inbox tables come with the platform's messaging module: the portal publishes
  // nothing, follows the live topics from "now", and consumes one topic durably (where verifiers work).
  migrations: [messagingTablesMigration('portal'), CreateSessions1763700000900, OidcSessions1763700000910, People1763700000920, VerifierWilayah1763700000970],
});
