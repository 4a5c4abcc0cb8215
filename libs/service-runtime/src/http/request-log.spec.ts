import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestLogFields } from './request-log';

const response = { statusCode: 403 } as ServerResponse;

describe('requestLogFields', () => {
  it('names who (subject, roles, scope), what (method, route template), the status and duration, and nothing else', () => {
    const request = {
      method: 'GET',
      url: '/v1/reports/pemda/32.73?email=siti%40bandung.go.id',
      baseUrl: '',
      route: { path: '/v1/reports/pemda/:pemdaCode' },
      headers: { authorization: 'Bearer abc', cookie: 'mcp_session=s' },
      principal: { subject: 'kc-1', name: 'Siti Rahayu', roles: ['pemda-operator'], pemdaCode: '32.73' },
    } as unknown as IncomingMessage;
    expect(requestLogFields(request, response, 12)).toEqual({
      subject: 'kc-1',
      roles: ['pemda-operator'],
      pemdaCode: '32.73',
      method: 'GET',
      route: '/v1/reports/pemda/:pemdaCode',
      status: 403,
      durationMs: 12,
    });
  });

  it('logs an anonymous request with no subject, and an unmatched path as `unmatched`', () => {
    const request = { method: 'POST', url: '/wp-login.php', baseUrl: '', headers: {} } as unknown as IncomingMessage;
    expect(requestLogFields(request, response, 1)).toEqual({ subject: null, roles: [], method: 'POST', route: 'unmatched', status: 403, durationMs: 1 });
  });
});
