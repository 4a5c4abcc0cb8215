import { DomainError } from '@mcp/service-runtime';
import { asOfInstant } from './as-of';

describe('asOfInstant', () => {
  it('reads a bare date as the end of that day in the framework zone', () => {
    expect(asOfInstant('2024-10-31', 'Asia/Jakarta')?.toISOString()).toBe('2024-10-31T16:59:59.999Z');
    expect(asOfInstant('2024-10-31', 'Asia/Jayapura')?.toISOString()).toBe('2024-10-31T14:59:59.999Z');
    expect(asOfInstant('2024-10-31', 'UTC')?.toISOString()).toBe('2024-10-31T23:59:59.999Z');
  });

  it('takes an instant with an offset as is, and means now without asOf', () => {
    expect(asOfInstant('2024-10-31T17:00:00+07:00', 'Asia/Jakarta')?.toISOString()).toBe('2024-10-31T10:00:00.000Z');
    expect(asOfInstant(undefined, 'Asia/Jakarta')).toBeNull();
  });

  it('refuses a local time without offset and an impossible date', () => {
    for (const bad of ['2024-10-31T17:00:00', '2024-02-30', 'Oktober']) {
      expect(() => asOfInstant(bad, 'Asia/Jakarta')).toThrow(DomainError);
    }
  });
});
