import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns the first value the probe produces', async () => {
    let calls = 0;
    const value = await waitFor('the third call', () => (++calls >= 3 ? `call ${calls}` : undefined), { intervalMs: 1 });
    expect(value).toBe('call 3');
  });

  it('names what it waited for, and the last error, when time runs out', async () => {
    await expect(
      waitFor('a score', () => {
        throw new Error('503 not ready');
      }, { timeoutMs: 20, intervalMs: 5 }),
    ).rejects.toThrow(/waiting for a score \(last error: 503 not ready\)/);
  });
});
