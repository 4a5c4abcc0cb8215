import { DataStore, Server } from '@tus/server';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerTusHeaderRefusal, tusHeaderRefusal } from './tus-header-refusals';

const TUS = ['Tus-Resumable', '1.0.0'];
const METADATA = `pemdaCode ${Buffer.from('3201').toString('base64')},filename ${Buffer.from('a.pdf').toString('base64')}`;

describe('tusHeaderRefusal', () => {
  it('refuses a request without Tus-Resumable with 412, naming the header and the version, and the versions spoken', () => {
    expect(tusHeaderRefusal('POST', ['Upload-Length', '5'])).toEqual({
      statusCode: 412,
      headers: { 'Tus-Resumable': '1.0.0', 'Tus-Version': '1.0.0' },
      body: {
        statusCode: 412,
        error: 'TUS_RESUMABLE_REQUIRED',
        message: 'Header Tus-Resumable wajib dikirim dengan nilai 1.0.0 (Tus-Resumable Required)',
      },
    });
  });

  it('refuses another protocol version with 400 as tus does, by its own code', () => {
    expect(tusHeaderRefusal('HEAD', ['Tus-Resumable', '0.2.2'])).toEqual({
      statusCode: 400,
      headers: { 'Tus-Resumable': '1.0.0', 'Tus-Version': '1.0.0' },
      body: {
        statusCode: 400,
        error: 'TUS_UNSUPPORTED_VERSION',
        message: 'Header Tus-Resumable harus bernilai 1.0.0; versi protokol tus lain tidak didukung (Invalid tus-resumable)',
      },
    });
  });

  it('names every malformed header in one 400, in the order tus lists them', () => {
    const refusal = tusHeaderRefusal('POST', [...TUS, 'Upload-Metadata', 'name bad!', 'Upload-Length', '-1']);
    expect(refusal?.statusCode).toBe(400);
    expect(refusal?.headers).toEqual({ 'Tus-Resumable': '1.0.0' });
    expect(refusal?.body).toEqual({
      statusCode: 400,
      error: 'TUS_INVALID_HEADER',
      message:
        'Header Upload-Length harus bilangan bulat tidak negatif (ukuran berkas dalam byte); ' +
        'Header Upload-Metadata harus berisi pasangan nama dan nilai base64, dipisahkan koma, tiap nama sekali (Invalid upload-length upload-metadata)',
    });
  });

  it('checks Content-Type on a PATCH only', () => {
    expect(tusHeaderRefusal('PATCH', [...TUS, 'Upload-Offset', '0', 'Content-Type', 'application/json'])?.body).toMatchObject({
      error: 'TUS_INVALID_HEADER',
      message: 'Header Content-Type harus application/offset+octet-stream (Invalid content-type)',
    });
    expect(tusHeaderRefusal('POST', [...TUS, 'Upload-Length', '5', 'Content-Type', 'application/json'])).toBeUndefined();
  });

  it('lets a well-formed request through, and does not take header names for rules', () => {
    expect(tusHeaderRefusal('POST', [...TUS, 'Upload-Length', '5', 'Upload-Metadata', METADATA, 'Constructor', 'x'])).toBeUndefined();
    expect(tusHeaderRefusal('PATCH', [...TUS, 'Upload-Offset', '0', 'Content-Type', 'application/offset+octet-stream'])).toBeUndefined();
  });
});

/** Everything past tus's header checks ends here: a hook or the store was reached. */
const PAST_THE_CHECKS = { status_code: 299, body: 'past the header checks' };

class UnreachableStore extends DataStore {
  override async create(): Promise<never> {
    throw PAST_THE_CHECKS;
  }
}

describe('tusHeaderRefusal beside tus itself', () => {
  const tus = new Server({
    path: '/uploads',
    datastore: new UnreachableStore(),
    onIncomingRequest: async () => {
      throw PAST_THE_CHECKS;
    },
    onResponseError: () => PAST_THE_CHECKS,
  });

  it.each<[string, string[]]>([
    ['POST', []],
    ['POST', ['Tus-Resumable', '']],
    ['POST', ['Tus-Resumable', '1.0.0']],
    ['POST', ['Tus-Resumable', '0.2.2', 'Upload-Length', 'x']],
    ['POST', [...TUS, 'Upload-Length', '5']],
    ['POST', [...TUS, 'Upload-Length', '05']],
    ['POST', [...TUS, 'Upload-Length', '5', 'Upload-Metadata', METADATA]],
    ['POST', [...TUS, 'Upload-Length', '5', 'Upload-Metadata', 'filename a b']],
    ['POST', [...TUS, 'Upload-Length', '5', 'Upload-Metadata', 'a YQ==', 'Upload-Metadata', 'a YQ==']],
    ['POST', [...TUS, 'Upload-Defer-Length', '2']],
    ['POST', [...TUS, 'Upload-Length', '5', 'Upload-Concat', 'parallel']],
    ['POST', [...TUS, 'Upload-Length', '5', 'X-Forwarded-Proto', 'ftp']],
    ['POST', [...TUS, 'Upload-Length', '5', 'Content-Type', 'text/plain']],
    ['HEAD', []],
    ['HEAD', [...TUS, 'Tus-Version', '0.2.2']],
    ['PATCH', [...TUS, 'Upload-Offset', '0', 'Content-Type', 'application/offset+octet-stream']],
    ['PATCH', [...TUS, 'Upload-Offset', '-3', 'Content-Type', 'application/offset+octet-stream']],
    ['PATCH', [...TUS, 'Upload-Offset', '0', 'Content-Type', 'application/offset+octet-stream; charset=utf-8']],
    ['PATCH', [...TUS, 'Upload-Offset', '0']],
    ['DELETE', ['Tus-Resumable', '1.0.1']],
  ])('%s with %j: refused where tus refuses it, with its status and its words', async (method, rawHeaders) => {
    const headers = new Headers();
    for (let i = 0; i < rawHeaders.length; i += 2) headers.append(rawHeaders[i], rawHeaders[i + 1]);
    const answer = await tus.handleWeb(new Request(`http://localhost/uploads${method === 'POST' ? '' : '/0123456789abcdef0123456789abcdef'}`, { method, headers }));
    const tusBody = (await answer.text()).trim();

    const refusal = tusHeaderRefusal(method, rawHeaders);

    if (refusal) {
      expect(answer.status).toBe(refusal.statusCode);
      expect(refusal.body.message.endsWith(`(${tusBody})`)).toBe(true);
    } else {
      expect({ status: answer.status, body: tusBody }).toEqual({ status: PAST_THE_CHECKS.status_code, body: PAST_THE_CHECKS.body });
    }
  });
});

describe('answerTusHeaderRefusal', () => {
  let server: ReturnType<typeof createServer>;
  let url: string;

  beforeAll(async () => {
    // As the resumable uploads route hands a request to tus: refused here, or passed on.
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      if (!answerTusHeaderRefusal(request, response)) response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/uploads/0123456789abcdef0123456789abcdef`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a refusal as JSON with the tus headers, and reads nothing of the body', async () => {
    const answer = await fetch(url, { method: 'PATCH', headers: { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: 'bytes' });

    expect(answer.status).toBe(412);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('tus-resumable')).toBe('1.0.0');
    expect(answer.headers.get('tus-version')).toBe('1.0.0');
    expect(await answer.json()).toMatchObject({ statusCode: 412, error: 'TUS_RESUMABLE_REQUIRED' });
  });

  it('leaves a well-formed request to tus', async () => {
    const answer = await fetch(url, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });

    expect(answer.status).toBe(204);
  });
});
