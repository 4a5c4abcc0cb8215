import { DeadlineExtended, EvidenceVerified, YearClosed } from '@mcp/contracts';

/** What a downstream system can subscribe to: the events this service consumes. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [EvidenceVerified.type, YearClosed.type, DeadlineExtended.type];
