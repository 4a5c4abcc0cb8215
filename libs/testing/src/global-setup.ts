import { ensureTestInfrastructure } from './local-infrastructure';

/** Jest global setup for *.integration-spec.ts: real Postgres and a real Kafka broker. */
export default function globalSetup(): void {
  ensureTestInfrastructure();
}
