export { AUDIT_LANES, AUDIT_SCHEMA, auditRoles, ensureRole, GENESIS_HASH, genesisHashOf, prepareAuditTrail } from './audit-schema';
export { auditActions, type AuditAction, type AuditActor, type AuditEntry } from './audit-entry';
export { auditTrail } from './audit-trail';
export { canonicalRowText, rowHashOf, utcTextOf, type HashedAuditRow } from './canonical-row';
export { verifyAuditTrail, type AuditProblem, type AuditVerdict, type PublishedHead } from './verify-audit-trail';
export { distinctHeads, lastPublishedAuditHeads, newestHeadOfEachLane, publishedAuditHeads } from './published-head';
