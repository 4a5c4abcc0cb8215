import type { Repository } from 'typeorm';
import type { PortalSession } from './portal-session.entity';
import { SessionStore } from './session-store';

describe('SessionStore', () => {
  const queried: unknown[] = [];
  const repository = {
    findOneBy: async (where: unknown) => {
      queried.push(where);
      return null;
    },
    delete: async (where: unknown) => {
      queried.push(where);
    },
  } as unknown as Repository<PortalSession>;
  const store = new SessionStore(repository);

  beforeEach(() => queried.splice(0));

  it.each([
    ['an object cookie-parser made of j:{}', {}],
    ['a number cookie-parser made of j:1', 1],
    ['a short string', 'forged'],
    ['a string with other characters', `${'a'.repeat(42)}=`],
    ['nothing', undefined],
  ])('names no session for %s, without a query', async (_name, cookie) => {
    await expect(store.find(cookie)).resolves.toEqual({ state: 'none' });
    await expect(store.close(cookie)).resolves.toBeUndefined();
    expect(queried).toEqual([]);
  });

  it('looks a well-formed cookie up by its hash', async () => {
    await expect(store.find('A'.repeat(43))).resolves.toEqual({ state: 'none' });
    expect(queried).toEqual([{ idHash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });
});
