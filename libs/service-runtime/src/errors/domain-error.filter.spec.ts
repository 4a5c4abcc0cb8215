import { BadRequestException, HttpException, PayloadTooLargeException, type ArgumentsHost } from '@nestjs/common';
import { DomainErrorFilter } from './domain-error.filter';

const retryAfter: string[] = [];

function answerTo(exception: unknown): { status: number; body: unknown } {
  const answer = { status: 0, body: undefined as unknown };
  const response = {
    setHeader: (name: string, value: string) => {
      retryAfter.push(`${name}: ${value}`);
    },
    status(code: number) {
      answer.status = code;
      return this;
    },
    json(body: unknown) {
      answer.body = body;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ id: 'req-1234abcd' }) }),
  } as unknown as ArgumentsHost;
  new DomainErrorFilter().catch(exception, host);
  return answer;
}

describe('DomainErrorFilter', () => {
  it('answers an unknown error with 500, a generic message and the request id, not its message or stack', () => {
    const answer = answerTo(new Error('relation "reporting.pemda_report" does not exist at /app/dist/x.js:12'));
    expect(answer).toEqual({
      status: 500,
      body: { statusCode: 500, error: 'INTERNAL_ERROR', message: expect.stringContaining('internal error'), requestId: 'req-1234abcd' },
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/relation|dist|\.js/);
  });

  it('answers a database or network that is away with 503 and Retry-After, not 500: a retry may succeed', () => {
    const poolBusy = new Error('timeout exceeded when trying to connect');
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const refused = { driverError: Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }) };
    for (const failure of [poolBusy, deadlock, refused]) {
      const answer = answerTo(failure);
      expect(answer).toEqual({
        status: 503,
        body: { statusCode: 503, error: 'TEMPORARILY_UNAVAILABLE', message: expect.stringContaining('retry shortly'), requestId: 'req-1234abcd' },
      });
      expect(JSON.stringify(answer.body)).not.toMatch(/10\.0\.0\.5|deadlock|timeout exceeded/);
    }
    expect(retryAfter).toEqual(['Retry-After: 5', 'Retry-After: 5', 'Retry-After: 5']);
  });

  it('answers body-parser failures in its own words, not the parser’s (which quote the body)', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token in "{"password": "hunter2"'), { type: 'entity.parse.failed', status: 400 });
    const tooLarge = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 });
    expect(answerTo(new BadRequestException(parseError.message, { cause: parseError }))).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'BODY_INVALID', message: expect.any(String), requestId: 'req-1234abcd' },
    });
    expect(answerTo(new PayloadTooLargeException(tooLarge.message, { cause: tooLarge }))).toMatchObject({ status: 413, body: { error: 'BODY_TOO_LARGE' } });
  });

  it('cuts a streamed answer that failed half-way instead of answering twice or ending it as if whole', () => {
    let destroyed = false;
    const response = { headersSent: true, destroy: () => (destroyed = true), status: () => { throw new Error('a second answer'); } };
    const host = {
      getType: () => 'http',
      switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ id: 'req-5678' }) }),
    } as unknown as ArgumentsHost;
    new DomainErrorFilter().catch(new Error('premature close'), host);
    expect(destroyed).toBe(true);
  });

  it('passes a deliberate HttpException through unchanged', () => {
    expect(answerTo(new HttpException({ statusCode: 429, error: 'TOO_MANY_REQUESTS', message: 'x' }, 429))).toEqual({
      status: 429,
      body: { statusCode: 429, error: 'TOO_MANY_REQUESTS', message: 'x' },
    });
  });
});
