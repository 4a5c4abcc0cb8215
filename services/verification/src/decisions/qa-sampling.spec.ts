import { randomUUID } from 'node:crypto';
import { isSampledForQa, sampleStepFor, type SampleContext } from './qa-sampling';

describe('isSampledForQa', () => {
  const ids = Array.from({ length: 20_000 }, () => randomUUID());

  it('samples nothing at 0% and everything at 100%', () => {
    expect(ids.some((id) => isSampledForQa(id, 0))).toBe(false);
    expect(ids.every((id) => isSampledForQa(id, 100))).toBe(true);
  });

  it('samples close to the configured share', () => {
    const share = ids.filter((id) => isSampledForQa(id, 10)).length / ids.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
  });

  it('gives the same answer for the same decision every time', () => {
    const id = '0b6f1c8e-8d3a-4f4e-9a57-2f0c7d1e5b11';
    expect(new Set(Array.from({ length: 5 }, () => isSampledForQa(id, 50))).size).toBe(1);
  });
});

describe('sampleStepFor', () => {
  const first: SampleContext = { kind: 'first', outcome: 'approved', replacedOutcome: null, pendingReviewOnTask: false, replacedConfirmedByQa: false };
  const correction: SampleContext = { ...first, kind: 'correction', replacedOutcome: 'approved' };

  it('draws a first decision, and never a revision request or a QA overturn', () => {
    expect(sampleStepFor(first)).toBe('draw');
    expect(sampleStepFor({ ...first, outcome: 'revision_requested' })).toBe('none');
    expect(sampleStepFor({ ...first, kind: 'qa-overturn', pendingReviewOnTask: true })).toBe('none');
  });

  it('keeps a pending review on the newest decision of the task instead of drawing again', () => {
    expect(sampleStepFor({ ...correction, pendingReviewOnTask: true })).toBe('follow');
    expect(sampleStepFor({ ...correction, outcome: 'revision_requested', pendingReviewOnTask: true })).toBe('follow');
    expect(sampleStepFor({ ...first, pendingReviewOnTask: true })).toBe('follow');
  });

  it('does not redraw a correction of an unsampled decision', () => {
    expect(sampleStepFor(correction)).toBe('none');
    expect(sampleStepFor({ ...correction, outcome: 'rejected' })).toBe('none');
  });

  it('sends a correction of a QA-confirmed decision back to QA', () => {
    expect(sampleStepFor({ ...correction, replacedConfirmedByQa: true })).toBe('requeue');
  });

  it('draws the correction of a revision request: the first final decision of the task', () => {
    expect(sampleStepFor({ ...correction, replacedOutcome: 'revision_requested' })).toBe('draw');
  });
});
