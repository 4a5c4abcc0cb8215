import { DomainError } from '@mcp/service-runtime';
import { Injectable, type PipeTransform } from '@nestjs/common';

/** A framework revision number from a path: 1 up to int4, else 400 INVALID_REVISION (not a 500 from Postgres). */
@Injectable()
export class ParseRevisionPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const revision = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : Number.isInteger(value) ? (value as number) : Number.NaN;
    if (!(revision >= 1 && revision <= 2_147_483_647)) {
      throw new DomainError('invalid-input', 'INVALID_REVISION', 'Nomor revisi kerangka harus bilangan bulat positif (revision must be a positive integer)');
    }
    return revision;
  }
}
