import { ensureTestInfrastructure } from './local-infrastructure';

/** Jest global setup for *.integration-spec.ts: real Postgres, a real Kafka broker and clamd. */
export default function globalSetup(): void {
  ensureTestInfrastructure();
}
