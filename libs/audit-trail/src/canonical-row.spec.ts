import { createHash } from 'node:crypto';
import type { Role } from '@mcp/auth';
import { onBehalfOfPemda, type AuditEntry } from './audit-entry';
import { canonicalRowText, rowHashOf, type HashedAuditRow } from './canonical-row';

const row: HashedAuditRow = {
  sequence: '7',
  recordedAt: '2025-03-01T01:02:03.456789Z',
  occurredAt: '2025-03-01T01:02:03.456000Z',
  writtenBy: 'mcp_submissions',
  service: 'submissions',
  action: 'evidence.uploaded',
  actorSubject: 'op-1',
  actorRoles: 'pemda-operator',
  onBehalfOfPemda: null,
  pemdaCode: '32.73',
  year: '2025',
  subIndicatorCode: '1.1.1',
  subjectIds: '{"evidenceId": "e-1"}',
  details: '{"note": "baris\\nbaru \\"kutip\\""}',
  previousHash: 'a'.repeat(64),
  rowHash: '',
};

describe('the canonical audit row', () => {
  it('is a JSON array of strings and nulls in a fixed order, previous hash first, no whitespace between items', () => {
    expect(canonicalRowText(row)).toBe(
      `["${'a'.repeat(64)}","7","2025-03-01T01:02:03.456789Z","2025-03-01T01:02:03.456000Z","mcp_submissions","submissions",` +
        `"evidence.uploaded","op-1","pemda-operator",null,"32.73","2025","1.1.1","{\\"evidenceId\\": \\"e-1\\"}",` +
        `"{\\"note\\": \\"baris\\\\nbaru \\\\\\"kutip\\\\\\"\\"}"]`,
    );
  });

  it('escapes control characters as Postgres to_json does (lower-case \\u00XX)', () => {
    expect(canonicalRowText({ ...row, actorSubject: '\u0001\u001f\t' })).toContain('"\\u0001\\u001f\\t"');
  });

  it('hashes the canonical text with SHA-256, so any field change changes the hash', () => {
    expect(rowHashOf(row)).toBe(createHash('sha256').update(canonicalRowText(row)).digest('hex'));
    expect(rowHashOf({ ...row, details: '{}' })).not.toBe(rowHashOf(row));
    expect(rowHashOf({ ...row, previousHash: 'b'.repeat(64) })).not.toBe(rowHashOf(row));
  });
});

describe('acting on behalf of a Pemda', () => {
  const upload = (roles: Role[]): AuditEntry => ({ actor: { subject: 's', roles }, action: 'evidence.uploaded', pemdaCode: '32.73' });

  it('is recorded when an admin takes a Pemda action', () => {
    expect(onBehalfOfPemda(upload(['admin']))).toBe('32.73');
  });

  it("is not recorded for the Pemda's own users, nor for KPK actions about a Pemda", () => {
    expect(onBehalfOfPemda(upload(['pemda-operator']))).toBeNull();
    expect(onBehalfOfPemda({ ...upload(['admin']), action: 'task.reassigned' })).toBeNull();
  });
});
