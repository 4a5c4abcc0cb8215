import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Sends a body with a strong ETag (a hash of the bytes) and the given cache lifetime; a request
 * whose If-None-Match names the same ETag gets 304 without a body, so mirrors can poll cheaply.
 */
export function sendCacheable(req: Request, res: Response, body: Buffer, contentType: string, maxAgeSeconds: number): void {
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${maxAgeSeconds}`);
  res.setHeader('Vary', 'Accept-Encoding');
  const asked = (req.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (asked.includes(etag) || asked.includes('*')) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', contentType);
  res.status(200).send(body);
}
