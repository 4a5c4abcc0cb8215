import { createHash } from 'node:crypto';
import type { Role } from '@mcp/auth';
import { onBehalfOfPemda, type AuditEntry } from './audit-entry';
import { canonicalRowText, rowHashOf, utcTextOf, type HashedAuditRow } from './canonical-row';

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

describe('a time as the seal hashed it (audit.utc_text), written in JavaScript', () => {
  it("pads every field as to_char does and splits the minute's microseconds into seconds and fraction", () => {
    expect(utcTextOf('{2025,3,1,1,2,3456000}')).toBe('2025-03-01T01:02:03.456000Z');
    expect(utcTextOf('{2025,12,31,23,59,59999999}')).toBe('2025-12-31T23:59:59.999999Z');
    expect(utcTextOf('{2026,1,1,0,0,0}')).toBe('2026-01-01T00:00:00.000000Z');
    expect(utcTextOf('{2024,2,29,12,0,1}')).toBe('2024-02-29T12:00:00.000001Z');
  });

  it('writes years below 1000 with four digits and years past 9999 in full', () => {
    expect(utcTextOf('{1,1,1,0,0,0}')).toBe('0001-01-01T00:00:00.000000Z');
    expect(utcTextOf('{10000,1,1,0,0,0}')).toBe('10000-01-01T00:00:00.000000Z');
    expect(utcTextOf('{294276,12,31,23,59,59999999}')).toBe('294276-12-31T23:59:59.999999Z');
  });

  it("refuses the times the seal's text does not tell apart: before 1 AD (written as AD) and ±infinity (null)", () => {
    expect(utcTextOf('{-1,1,1,0,0,0}')).toBeUndefined();
    expect(utcTextOf('{-4713,11,24,0,0,0}')).toBeUndefined();
    expect(utcTextOf('{Infinity,NULL,NULL,NULL,NULL,NULL}')).toBeUndefined();
    expect(utcTextOf('{-Infinity,NULL,NULL,NULL,NULL,NULL}')).toBeUndefined();
    expect(utcTextOf('2025-03-01T01:02:03.456000Z')).toBeUndefined();
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
