import { decodeCursor, encodeCursor } from './inbox.view';
import type { Delivery } from './delivery.repository';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('the inbox cursor', () => {
  it('reads back what it wrote', () => {
    const delivery = { id: '0b6f3c58-2f3e-4a4e-9d1c-6a1f6f1f0c11', createdAt: new Date('2024-12-02T01:10:00.123Z') } as Delivery;
    expect(decodeCursor(encodeCursor(delivery))).toEqual({ createdAt: '2024-12-02T01:10:00.123Z', id: delivery.id });
  });

  it.each([
    ['a time that is not one', { createdAt: 'x', id: '0b6f3c58-2f3e-4a4e-9d1c-6a1f6f1f0c11' }],
    ['an id that is not a UUID', { createdAt: '2024-12-02T01:10:00.000Z', id: 'y' }],
    ['numbers', { createdAt: 1, id: 2 }],
  ])('refuses %s (it would reach Postgres casts)', (_name, value) => {
    expect(decodeCursor(cursorOf(value))).toBeUndefined();
  });

  it('refuses what is not JSON', () => {
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
  });
});
