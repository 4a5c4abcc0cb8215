import { createEvent, EvidenceSubmitted, type EvidenceSubmittedV1 } from '@mcp/contracts';
import { decodeEvent, encodeEvent, UndecodableEventError } from './cloud-event-codec';

const data: EvidenceSubmittedV1 = {
  evidenceId: '0b6f3c1e-6d2a-4d7e-9a51-2f7d3b8c9e10',
  pemdaCode: '32.73',
  provinceCode: '32',
  year: 2024,
  subIndicatorCode: 'PRC.1.1',
  claimedValue: null,
  sha256: 'b'.repeat(64),
  sizeBytes: 10,
  contentType: 'application/pdf',
  fileName: 'a.pdf',
  submittedBy: 'op',
  submittedAt: '2024-06-01T08:00:00.000Z',
};

describe('CloudEvents Kafka codec', () => {
  const event = createEvent(EvidenceSubmitted, data, '/mcp/submissions');

  it('puts attributes in ce_* headers and data in the value (binary mode), and reads them back', () => {
    const message = encodeEvent(event, '32.73');
    expect(message.key).toBe('32.73');
    expect(message.headers.ce_type.toString()).toBe('mcp.evidence.submitted.v1');
    expect(message.headers.ce_id.toString()).toBe(event.id);
    expect(JSON.parse(message.value.toString())).toEqual(data);
    const decoded = decodeEvent(message.headers, message.value, message.key);
    expect(decoded).toMatchObject({ id: event.id, type: event.type, subject: event.subject, data });
  });

  it('accepts header values already decoded to strings, as the Nest transport hands them over', () => {
    const message = encodeEvent(event, '32.73');
    const textHeaders = Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, v.toString()]));
    expect(decodeEvent(textHeaders, message.value).data).toEqual(data);
  });

  it('reads structured mode too (the whole envelope as the value)', () => {
    const value = Buffer.from(JSON.stringify(event));
    const decoded = decodeEvent({ 'content-type': 'application/cloudevents+json' }, value);
    expect(decoded).toMatchObject({ id: event.id, data });
  });

  it('refuses a record that is not a CloudEvent', () => {
    expect(() => decodeEvent({}, Buffer.from('{"hello":"world"}'))).toThrow(UndecodableEventError);
  });
});
