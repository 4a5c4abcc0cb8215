import { createEvent, EvidenceSubmitted, type EvidenceSubmittedV1 } from '@mcp/contracts';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { decodeEvent, encodeEvent } from '../kafka/cloud-event-codec';
import { eventTraceContextOf, parentContextOf } from './event-trace-context';

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

const producerSpan = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };

describe('trace context on the CloudEvents envelope', () => {
  it('travels as the distributed-tracing extension (ce_traceparent) and becomes the consumer’s parent', () => {
    const traceContext = eventTraceContextOf(trace.setSpanContext(ROOT_CONTEXT, producerSpan));
    expect(traceContext).toEqual({ traceparent: `00-${producerSpan.traceId}-${producerSpan.spanId}-01` });
    const event = { ...createEvent(EvidenceSubmitted, data, '/mcp/submissions'), ...traceContext };

    const message = encodeEvent(event, '32.73');
    expect(message.headers.ce_traceparent.toString()).toBe(traceContext.traceparent);
    const decoded = decodeEvent(message.headers, message.value, message.key);

    const parent = trace.getSpanContext(parentContextOf(decoded));
    expect(parent).toMatchObject({ ...producerSpan, isRemote: true });
  });

  it('adds nothing outside a span, and an event without it starts a new trace', () => {
    expect(eventTraceContextOf(ROOT_CONTEXT)).toEqual({});
    const event = createEvent(EvidenceSubmitted, data, '/mcp/submissions');
    const decoded = decodeEvent(encodeEvent(event, '32.73').headers, Buffer.from(JSON.stringify(data)));
    expect(decoded.traceparent).toBeUndefined();
    expect(parentContextOf(decoded)).toBe(ROOT_CONTEXT);
  });

  it('ignores a malformed traceparent rather than failing the event', () => {
    expect(trace.getSpanContext(parentContextOf({ traceparent: 'not-a-traceparent' }))).toBeUndefined();
  });
});
