import { DomainError } from '@mcp/service-runtime';
import { BadRequestException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { recordingCertainlyFailed } from './failed-recording';

describe('recordingCertainlyFailed', () => {
  it('is sure for a refusal and for an error the database answered with', () => {
    expect(recordingCertainlyFailed(new DomainError('conflict', 'YEAR_CLOSED', 'Tahun ditutup'))).toBe(true);
    expect(recordingCertainlyFailed(new BadRequestException())).toBe(true);
    const rejected = new QueryFailedError('INSERT …', [], Object.assign(new Error('duplicate key'), { code: '23505' }));
    expect(recordingCertainlyFailed(rejected)).toBe(true);
  });

  it('is not sure when the connection went without an answer (the commit may have happened)', () => {
    expect(recordingCertainlyFailed(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(false);
    expect(recordingCertainlyFailed(new Error('Connection terminated unexpectedly'))).toBe(false);
  });
});
