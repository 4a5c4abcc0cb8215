import { classifyFailure } from '@mcp/messaging';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { requestIdOf } from '../http/request-id';
import { DomainError, type DomainErrorKind } from './domain-error';

const STATUS_OF: Record<DomainErrorKind, number> = {
  'invalid-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  unprocessable: 422,
  'too-large': 413,
  unavailable: 503,
};

/** The HTTP status of a domain error, for the few answers not written by this filter (the tus server's). */
export function httpStatusOf(error: DomainError): number {
  return STATUS_OF[error.kind];
}

/** The single place where domain errors become HTTP responses: `{statusCode, error, message}`. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      // A streamed answer (an export, a download) failed half-way: a second answer cannot follow,
      // and ending it normally would pass a truncated file off as whole. Cut the connection.
      this.logger.error(`request ${requestIdOf(host.switchToHttp().getRequest()) ?? '-'} failed after its answer began: ${exception instanceof Error ? exception.stack : String(exception)}`);
      response.destroy();
      return;
    }
    if (exception instanceof DomainError) {
      const statusCode = STATUS_OF[exception.kind];
      response.status(statusCode).json({
        statusCode,
        error: exception.code,
        message: exception.message,
        ...(exception.details ? { details: exception.details } : {}),
      });
      return;
    }
    const bodyError = bodyParserErrorOf(exception);
    if (bodyError) {
      response.status(bodyError.statusCode).json({ ...bodyError, requestId: requestIdOf(host.switchToHttp().getRequest()) });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      response
        .status(exception.getStatus())
        .json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    const requestId = requestIdOf(host.switchToHttp().getRequest());
    if (classifyFailure(exception) === 'transient') {
      // Postgres away or every pooled connection busy, the network, a dependency down: nothing the
      // caller did wrong; a retry in a moment may well succeed.
      const detail = exception instanceof Error ? exception.stack : String(exception);
      // A deadlock on a route means a lock order is wrong, and a resource limit repeats on retry:
      // those are ours to fix and keep their stack at error level; an outage is a warning.
      if (needsAFix(exception)) this.logger.error(`request ${requestId ?? '-'}: ${detail}`);
      else this.logger.warn(`request ${requestId ?? '-'}: temporarily unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      response.setHeader('Retry-After', '5');
      response.status(503).json(temporarilyUnavailableBody(requestId));
      return;
    }
    // The stack and message stay in the log, under the request id; the client gets neither
    // (they name files, SQL and libraries), only the id to quote.
    this.logger.error(`request ${requestId ?? '-'}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    response.status(500).json({
      statusCode: 500,
      error: 'INTERNAL_ERROR',
      message: 'Terjadi kesalahan pada server; silakan coba lagi (internal error, please retry)',
      requestId,
    });
  }
}

/**
 * Express's body parsers fail with an error carrying `type` (a body over the limit, malformed
 * JSON), which Nest wraps in an HttpException with the parser's message as `cause`. Answered in our
 * own words, never the parser's: V8's JSON message quotes the body.
 */
function bodyParserErrorOf(exception: unknown): { statusCode: number; error: string; message: string } | undefined {
  const cause = exception instanceof HttpException ? exception.cause : exception;
  const type = (cause as { type?: unknown } | null | undefined)?.type;
  if (type === 'entity.too.large') {
    return { statusCode: 413, error: 'BODY_TOO_LARGE', message: 'Isi permintaan terlalu besar (request body too large)' };
  }
  if (type === 'entity.parse.failed' || type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return { statusCode: 400, error: 'BODY_INVALID', message: 'Isi permintaan bukan JSON yang sah (request body is not valid JSON)' };
  }
  return undefined;
}

/** The 503 answer to a transient failure (also the resumable uploads', which answer on their own). */
export function temporarilyUnavailableBody(requestId?: string): Record<string, unknown> {
  return {
    statusCode: 503,
    error: 'TEMPORARILY_UNAVAILABLE',
    message:
      'Layanan sedang sibuk atau salah satu komponennya (basis data, jaringan) tidak terjangkau; silakan coba lagi sebentar ' +
      '(temporarily unavailable, retry shortly)',
    ...(requestId ? { requestId } : {}),
  };
}

/** SQLSTATEs a retry may get past but a developer must look at: a deadlock, out of memory or disk, a protocol limit. */
function needsAFix(exception: unknown): boolean {
  const code = ((exception as { driverError?: { code?: unknown } })?.driverError?.code ?? (exception as { code?: unknown })?.code) as unknown;
  return typeof code === 'string' && ['40P01', '53100', '53200', '53400', '08P01'].includes(code);
}
