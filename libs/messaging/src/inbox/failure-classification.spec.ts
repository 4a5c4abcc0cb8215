import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { classifyFailure } from './failure-classification';
import { PermanentEventError, ReferenceDataPendingError, TransientEventError } from './inbound-message';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyFailure', () => {
  it('takes a domain refusal as permanent', () => {
    expect(classifyFailure(new PermanentEventError('tahun sudah ditutup'))).toBe('permanent');
  });

  it('takes reference data not arrived yet, and an explicit transient error, as transient', () => {
    expect(classifyFailure(new ReferenceDataPendingError('kerangka 2025 belum ada'))).toBe('transient');
    expect(classifyFailure(new TransientEventError('layanan hulu tidak menjawab'))).toBe('transient');
  });

  it('takes an unreachable database or network as transient', () => {
    expect(classifyFailure(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe('transient');
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toBe('transient');
    expect(classifyFailure(new Error('timeout exceeded when trying to connect'))).toBe('transient');
    expect(classifyFailure(withCode('the database system is shutting down', '57P03'))).toBe('transient');
    expect(classifyFailure(withCode('terminating connection due to administrator command', '57P01'))).toBe('transient');
    expect(classifyFailure(withCode('could not serialize access', '40001'))).toBe('transient');
  });

  it('takes a transaction the server ended for sitting idle as transient, however TypeORM reports it (#195)', () => {
    expect(classifyFailure(withCode('terminating connection due to idle-in-transaction timeout', '25P03'))).toBe('transient');
    // The usual forms: the pool let the connection go, and the transaction's next statement finds it released.
    expect(classifyFailure(new QueryRunnerProviderAlreadyReleasedError())).toBe('transient');
    expect(classifyFailure(new QueryRunnerAlreadyReleasedError())).toBe('transient');
  });

  it('looks through TypeORM, cause chains and aggregate errors', () => {
    const driverError = withCode('terminating connection due to administrator command', '57P01');
    expect(classifyFailure(new QueryFailedError('SELECT 1', [], driverError))).toBe('transient');
    expect(classifyFailure(new Error('wrapped', { cause: withCode('reset', 'ECONNRESET') }))).toBe('transient');
    expect(classifyFailure(new AggregateError([withCode('refused', 'ECONNREFUSED')]))).toBe('transient');
  });

  it('leaves a statement the database rejects, and a plain bug, unclassified (retried, then dead-lettered)', () => {
    expect(classifyFailure(new QueryFailedError('INSERT', [], withCode('duplicate key value', '23505')))).toBe('unknown');
    expect(classifyFailure(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe('unknown');
    expect(classifyFailure('a string')).toBe('unknown');
  });
});
