import { randomUUID } from 'node:crypto';
import { isSampledForQa } from './qa-sampling';

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
