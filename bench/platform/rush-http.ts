import { Agent, request } from 'node:http';

/*
 * The rush's HTTP client: node:http over kept-alive sockets. The bench shares the machine's two
 * cores with the platform it measures, so its own cost per request is taken from the platform;
 * fetch (undici behind WHATWG streams, Headers, FormData and an AbortSignal timer per request)
 * cost the bench several times what this does (bench/README.md, "The load generator's own CPU").
 */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });

export interface BenchResponse {
  status: number;
  body: string;
}

/**
 * A POST and its whole answer; rejects with a `TimeoutError` when no answer came in `timeoutMs`.
 * A kept-alive socket the server closed just as the request went out is retried once on a new
 * one, as node's documentation advises (`request.reusedSocket`): the server never saw the request.
 */
export async function post(url: string, headers: Record<string, string>, body: Buffer | string = '', timeoutMs = 60_000): Promise<BenchResponse> {
  try {
    return await postOnce(url, headers, body, timeoutMs);
  } catch (error) {
    if (!(error as { reusedSocket?: boolean }).reusedSocket) throw error;
    return postOnce(url, headers, body, timeoutMs);
  }
}

function postOnce(url: string, headers: Record<string, string>, body: Buffer | string, timeoutMs: number): Promise<BenchResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        clearTimeout(timer);
        resolve({ status: answer.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      answer.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const timer = setTimeout(() => outgoing.destroy(Object.assign(new Error(`no answer from ${url} in ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const closedWhileIdle = outgoing.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      reject(closedWhileIdle ? Object.assign(error, { reusedSocket: true }) : error);
    });
    outgoing.end(body);
  });
}

/** The JSON body of an answer, or undefined when it is not JSON. */
export function jsonOf<T>(response: BenchResponse): T | undefined {
  try {
    return JSON.parse(response.body) as T;
  } catch {
    return undefined;
  }
}

export interface FormFile {
  field: string;
  fileName: string;
  contentType: string;
  content: string | Buffer;
}

/** A multipart/form-data body of text fields and one file, as a browser's FormData would send it. */
export function multipartForm(fields: Record<string, string>, file: FormFile): { contentType: string; body: Buffer } {
  const boundary = `----rush${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
  const parts: (string | Buffer)[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.fileName}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
    file.content,
    `\r\n--${boundary}--\r\n`,
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part))) };
}
