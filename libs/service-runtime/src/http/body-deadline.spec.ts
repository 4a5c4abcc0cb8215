import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyDeadline } from './http-hardening';

/*
 * A JSON body is parsed in memory before any guard: a client that sends all but the last byte and
 * stalls held its buffer for the server's whole request timeout (two hours in submissions).
 */
describe('bodyDeadline', () => {
  let server: Server;
  let port: number;
  let received: string[];

  beforeAll(async () => {
    const deadline = bodyDeadline(300);
    server = createServer((request, response) => {
      deadline(request, response, () => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          received.push(Buffer.concat(chunks).toString());
          response.end('ok');
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  beforeEach(() => (received = []));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function send(contentType: string, body: string, declared: number): Promise<'answered' | 'cut'> {
    return new Promise((resolve) => {
      const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/x', headers: { 'content-type': contentType, 'content-length': declared } }, (response) => {
        response.resume();
        response.on('end', () => resolve('answered'));
      });
      request.on('error', () => resolve('cut'));
      request.write(body);
      // A stalled client: the rest never comes (the request is left open).
      if (body.length === declared) request.end();
    });
  }

  it('cuts a JSON body that stops arriving, and lets a whole one through', async () => {
    expect(await send('application/json', '{"a":', 100)).toBe('cut');
    expect(await send('application/json', '{"a":1}', 7)).toBe('answered');
    expect(received).toEqual(['{"a":1}']);
  });

  it('leaves a streamed upload to its own limits', async () => {
    const upload = send('multipart/form-data; boundary=x', '--x\r\n', 1000);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const still = await Promise.race([upload, Promise.resolve('open')]);
    expect(still).toBe('open');
  });
});
