import type { AuthPrincipal } from '@mcp/auth';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options as PinoHttpOptions } from 'pino-http';
import { routeTemplateOf } from '../metrics/http-metrics';

/** Probes and scrapes every few seconds: logging them would bury the requests people make. */
const NOT_LOGGED = /^\/(health|metrics)(\/|\?|$)/;

/**
 * One line per request: who (subject id, roles, the Pemda or wilayah the token is scoped to),
 * what (method, route template), when (the line's time), the status and the duration. Nothing
 * else: not the concrete path or query (they can carry an e-mail or an unsubscribe token), no
 * headers (tokens, cookies), no body (names, file names). The subject is the identity provider's
 * opaque id, never a name or an e-mail.
 */
export function requestLogFields(request: IncomingMessage, response: ServerResponse, durationMs: number): Record<string, unknown> {
  const principal = (request as IncomingMessage & { principal?: AuthPrincipal }).principal;
  return {
    subject: principal?.subject ?? null,
    roles: principal?.roles ?? [],
    ...(principal?.pemdaCode ? { pemdaCode: principal.pemdaCode } : {}),
    ...(principal?.wilayah ? { wilayah: principal.wilayah } : {}),
    method: request.method,
    route: routeTemplateOf(request as never),
    status: response.statusCode,
    durationMs,
  };
}

/** pino-http settings for the request line; lines written inside a request carry only its id. */
export function requestLogOptions(): Pick<
  PinoHttpOptions,
  'autoLogging' | 'quietReqLogger' | 'quietResLogger' | 'customAttributeKeys' | 'customSuccessObject' | 'customErrorObject' | 'customSuccessMessage' | 'customErrorMessage' | 'customLogLevel' | 'genReqId'
> {
  const fields = (request: IncomingMessage, response: ServerResponse, value: { responseTime?: number }) =>
    requestLogFields(request, response, value.responseTime ?? 0);
  return {
    autoLogging: { ignore: (request) => NOT_LOGGED.test(request.url ?? '') },
    // Without these, every line inside a request would carry the whole request (URL, headers).
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    // requestIdMiddleware has set it; this is for an app built without it (a test module).
    genReqId: (request) => (request as IncomingMessage & { id?: string }).id ?? randomUUID(),
    customSuccessObject: fields,
    // The error's message and stack are logged once by the exception filter, not again here.
    customErrorObject: (request, response, _error, value: { responseTime?: number }) => fields(request, response, value),
    customSuccessMessage: () => 'HTTP request',
    customErrorMessage: () => 'HTTP request failed',
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
  };
}
