/**
 * The topics the lake takes unless `LAKE_TOPIC_PATTERN` says otherwise: every event topic, no dead
 * letters, and none the contracts mark confidential (QA's samples, clarification messages, a
 * Pemda's OPD accounts, verifiers' wilayah, who holds a task). In production the downstream reader's ACLs refuse
 * those anyway; this keeps a lake on a broker without ACLs (a developer's) the same.
 * e2e/src/analytics-lake.integration-spec.ts holds it to the contracts.
 */
export const DEFAULT_TOPIC_PATTERN = '^mcp\\.(?!qa\\.|clarification\\.|operator\\.|verifier\\.|task\\.).+\\.v[0-9]+$';
