import { documentedAnswerProblems } from './documented-answers';

const subscription = {
  id: '0b7c3f7e-3f4e-4d55-9a53-0f3c1b2a4d10',
  url: 'https://contoh.go.id/mcp/webhook',
  eventTypes: ['mcp.evidence.verified.v1'],
  pemdaCode: '32.73',
  provinceCode: null,
  enabled: true,
  consecutiveFailures: 0,
  disabledAt: null,
  activeSecrets: 2,
};

describe('documentedAnswerProblems', () => {
  const enable = (body: unknown) => documentedAnswerProblems('notification', 'post', '/v1/webhooks/{id}/enable', 200, body);

  it('accepts an answer that is what the document says', () => {
    expect(enable(subscription)).toEqual([]);
  });

  it('refuses a property the document does not name, such as a leaked secret', () => {
    expect(enable({ ...subscription, secrets: ['whsec_x'] })).toEqual(['/ must NOT have additional properties']);
  });

  it('refuses a wrong type and a missing property', () => {
    const { activeSecrets: _left, ...missing } = subscription;
    expect(enable({ ...subscription, consecutiveFailures: 1.5 })).toEqual(['/consecutiveFailures must be integer']);
    expect(enable(missing)).toEqual(["/ must have required property 'activeSecrets'"]);
  });

  it('says so when a route documents no JSON answer', () => {
    expect(documentedAnswerProblems('notification', 'get', '/v1/nothing', 200, {})).toEqual(['notification documents no JSON answer for GET /v1/nothing 200']);
  });
});
