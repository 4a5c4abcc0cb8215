import { Metadata, TUS_RESUMABLE, TUS_VERSION } from '@tus/server';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The refusals @tus/server (2.x) writes itself before any of its hooks run, so `onResponseError`
 * never sees them: 412 for a request without `Tus-Resumable`, 400 `Invalid <headers>` for a header
 * of the wrong form. They came as English text; checked here first, with tus's own rules and in
 * tus's order, they get the service's `{ statusCode, error, message }` in Indonesian, with tus's
 * status and tus's words after the message (as tus-protocol-errors.ts does for the hooks' errors).
 * A request that passes here passes tus's checks too: tus-header-refusals.spec.ts holds the two
 * side by side, so an upgrade of tus that checks differently fails there.
 */
export type TusHeaderRefusal = {
  statusCode: 400 | 412;
  headers: Record<string, string>;
  body: { statusCode: number; error: string; message: string };
};

type HeaderRule = { header: string; valid: (value: string) => boolean; expected: string };

/** tus's rules (its HeaderValidator, which it does not export), each with what the operator is told to send. */
const HEADER_RULES = new Map<string, HeaderRule>([
  ['upload-offset', { header: 'Upload-Offset', valid: isByteCount, expected: 'harus bilangan bulat tidak negatif (posisi byte tempat data ini dimulai)' }],
  ['upload-length', { header: 'Upload-Length', valid: isByteCount, expected: 'harus bilangan bulat tidak negatif (ukuran berkas dalam byte)' }],
  ['upload-defer-length', { header: 'Upload-Defer-Length', valid: (value) => value === '1', expected: 'hanya boleh bernilai 1' }],
  ['upload-metadata', { header: 'Upload-Metadata', valid: isMetadata, expected: 'harus berisi pasangan nama dan nilai base64, dipisahkan koma, tiap nama sekali' }],
  ['x-forwarded-proto', { header: 'X-Forwarded-Proto', valid: (value) => value === 'http' || value === 'https', expected: 'harus http atau https' }],
  ['tus-version', { header: 'Tus-Version', valid: (value) => (TUS_VERSION as readonly string[]).includes(value), expected: `harus ${TUS_VERSION.join(', ')}` }],
  ['tus-resumable', { header: 'Tus-Resumable', valid: (value) => value === TUS_RESUMABLE, expected: `harus bernilai ${TUS_RESUMABLE}; versi protokol tus lain tidak didukung` }],
  ['content-type', { header: 'Content-Type', valid: (value) => value === 'application/offset+octet-stream', expected: 'harus application/offset+octet-stream' }],
  ['upload-concat', { header: 'Upload-Concat', valid: (value) => value === 'partial' || value.startsWith('final;'), expected: 'harus partial atau final;<alamat unggahan>' }],
]);

/**
 * What tus would refuse this request for before its hooks, or undefined when it would not.
 * `rawHeaders` as Node has them: tus reads every header through srvx, which joins repeated ones.
 */
export function tusHeaderRefusal(method: string | undefined, rawHeaders: readonly string[]): TusHeaderRefusal | undefined {
  // tus answers GET and OPTIONS before it checks anything.
  if (method === 'GET' || method === 'OPTIONS') return undefined;
  const headers = headersOf(rawHeaders);
  if (!headers.get('tus-resumable')) {
    return refusal(412, 'TUS_RESUMABLE_REQUIRED', `Header Tus-Resumable wajib dikirim dengan nilai ${TUS_RESUMABLE}`, 'Tus-Resumable Required');
  }
  const invalid: { name: string; rule: HeaderRule }[] = [];
  for (const [name, value] of headers.entries()) {
    // Only a PATCH carries upload data; other methods may come with a client's default Content-Type.
    if (name === 'content-type' && method !== 'PATCH') continue;
    const rule = HEADER_RULES.get(name);
    if (rule && !rule.valid(value)) invalid.push({ name, rule });
  }
  if (invalid.length === 0) return undefined;
  const message = invalid.map(({ rule }) => `Header ${rule.header} ${rule.expected}`).join('; ');
  // A client of another protocol version is told so by its own code, whatever else it got wrong.
  const code = invalid.some(({ name }) => name === 'tus-resumable') ? 'TUS_UNSUPPORTED_VERSION' : 'TUS_INVALID_HEADER';
  return refusal(400, code, message, `Invalid ${invalid.map(({ name }) => name).join(' ')}`);
}

/**
 * Answers a request tus would refuse before its hooks, in our words, and says whether it did. Call it
 * where the request would go to tus, after authentication: a caller without a token is told 401 first.
 */
export function answerTusHeaderRefusal(request: IncomingMessage, response: ServerResponse): boolean {
  const answer = tusHeaderRefusal(request.method, request.rawHeaders);
  if (!answer) return false;
  // Nothing of a refused PATCH is read; drained, the connection stays usable for the client's next request.
  request.resume();
  response.statusCode = answer.statusCode;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(answer.body));
  return true;
}

function refusal(statusCode: 400 | 412, error: string, indonesian: string, tusWords: string): TusHeaderRefusal {
  // The protocol asks every answer for Tus-Resumable, and a version refusal for the versions the server speaks.
  const headers: Record<string, string> = { 'Tus-Resumable': TUS_RESUMABLE };
  if (statusCode === 412 || error === 'TUS_UNSUPPORTED_VERSION') headers['Tus-Version'] = TUS_VERSION.join(',');
  return {
    statusCode,
    headers,
    body: { statusCode, error, message: `${indonesian} (${tusWords})` },
  };
}

/** As srvx builds them for tus: repeated headers joined, names lower-cased, HTTP/2 pseudo-headers left out. */
function headersOf(rawHeaders: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (!rawHeaders[i].startsWith(':')) headers.append(rawHeaders[i], rawHeaders[i + 1]);
  }
  return headers;
}

function isByteCount(value: string): boolean {
  const n = Number(value);
  return Number.isInteger(n) && String(n) === value && n >= 0;
}

function isMetadata(value: string): boolean {
  try {
    Metadata.parse(value);
    return true;
  } catch {
    return false;
  }
}
