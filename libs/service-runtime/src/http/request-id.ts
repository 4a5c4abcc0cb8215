import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id (a proxy's, the portal's) is kept only if it cannot smuggle anything into a log line.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export type RequestWithId = Request & { id?: string };

/**
 * Gives every request an id before anything else runs (body parsing, guards), answers it in
 * `X-Request-Id`, and lets the log line and a 500's body carry it: what a user reads out to
 * support is what an operator searches the logs for.
 */
export function requestIdMiddleware(request: RequestWithId, response: Response, next: NextFunction): void {
  const given = request.header(REQUEST_ID_HEADER);
  request.id = given && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, request.id);
  next();
}

export function requestIdOf(request: unknown): string | undefined {
  const id = (request as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}
