import { DeadlineExtended, EvidenceVerified, YearClosed } from '@mcp/contracts';

/**
 * What a downstream system can subscribe to: the events about Pemda this service consumes. The
 * KPK-internal ones (task reassignments, lease warnings, QA samples) name staff, and which
 * decisions QA samples must stay hidden from verifiers, so they are never forwarded.
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [EvidenceVerified.type, YearClosed.type, DeadlineExtended.type];
