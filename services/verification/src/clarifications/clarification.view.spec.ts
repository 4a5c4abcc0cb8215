import type { AuthPrincipal } from '@mcp/auth';
import type { ClarificationMessage } from './clarification-message.repository';
import { toMessageView } from './clarification.view';

const message = (overrides: Partial<ClarificationMessage>): ClarificationMessage => ({
  id: 'm1',
  taskId: 't1',
  authorSide: 'pemda',
  author: 'operator-bandung',
  authorRoles: ['pemda-operator'],
  body: 'Terlampir.',
  attachmentId: null,
  pausesClock: false,
  postedAt: new Date('2024-12-02T01:00:00.000Z'),
  ...overrides,
});
const operator: AuthPrincipal = { subject: 'operator-bandung', roles: ['pemda-operator'], pemdaCode: '32.73' };
const manager: AuthPrincipal = { subject: 'admin-kpk', roles: ['admin'] };
const authorsAsSeenBy = (viewer: AuthPrincipal, messages: ClarificationMessage[]) =>
  messages.map((each) => toMessageView(each, viewer, 'http://submissions').author);

describe('toMessageView', () => {
  const thread = [
    message({ authorSide: 'verifier', author: 'ana', authorRoles: ['verifier'] }),
    message({}),
    // An admin answering for the Pemda is on the Pemda's side of the thread, and still a KPK person.
    message({ author: 'rina-admin', authorRoles: ['admin'] }),
  ];

  it('shows the Pemda that KPK wrote, never which person (docs/decisions.md #46)', () => {
    expect(authorsAsSeenBy(operator, thread)).toEqual(['Verifikator KPK', 'operator-bandung', 'Admin KPK']);
  });

  it('shows KPK roles every author', () => {
    expect(authorsAsSeenBy(manager, thread)).toEqual(['ana', 'operator-bandung', 'rina-admin']);
  });
});
