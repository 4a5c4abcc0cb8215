import { queryTestDatabase, testToken } from '@mcp/testing';
import { parse } from 'content-disposition';
import request from 'supertest';
import { FakeClock, SubmissionsUnderTest } from '../submissions-under-test';
import { MAX_FILE_NAME_BYTES } from './file-name';

/*
 * Hostile file names (issue 12), sent as a browser sends them: the name as raw UTF-8 bytes in
 * `filename="…"` of the multipart part. Each is uploaded and downloaded; the stored name, the
 * answer and the download's Content-Disposition must all be the harmless name, with the extension
 * of the type the content was detected as.
 */
const BEFORE_DEADLINE = '2024-11-20T10:00:00+07:00';
const family = '👨‍👩‍👧‍👦';

// [case, the name parameter of the file part, the name stored and served]
const hostileNames: [string, string, string][] = [
  ['an ordinary UTF-8 name (busboy decoded it as latin1)', 'filename="Laporan – é.pdf"', 'Laporan – é.pdf'],
  ['a right-to-left override hiding an .exe', 'filename="laporan\u202Efdp.exe"', 'laporanfdp.pdf'],
  ['other bidi and zero-width characters', 'filename="SK\u200F \u2066Final\u2069\u200B.pdf"', 'SK Final.pdf'],
  // A raw control character makes the part header malformed (400); RFC 8187 encoding carries them.
  ['control characters', "filename*=UTF-8''SK%07%1B%0D%0A%C2%85%E2%80%AEFinal.pdf", 'SK Final.pdf'],
  ['a Windows device name without extension', 'filename="CON"', '_CON.pdf'],
  ['a Windows device name with an extension', 'filename="NUL.pdf"', '_NUL.pdf'],
  ['a long emoji name', `filename="${'😀'.repeat(100)}.pdf"`, `${'😀'.repeat(62)}.pdf`],
  // 150 emoji are 300 UTF-16 units: the old cut at 255 split one, and Postgres refused the half (500).
  ['a long emoji name, RFC 8187 encoded', `filename*=UTF-8''${encodeURIComponent('😀'.repeat(150))}.pdf`, `${'😀'.repeat(62)}.pdf`],
  ['a long name of joined emoji', `filename="Laporan ${family.repeat(20)}.pdf"`, `Laporan ${family.repeat(9)}.pdf`],
  ["the sender's extension on another type", 'filename="laporan.docx"', 'laporan.pdf'],
];

describe('hostile evidence file names', () => {
  const service = new SubmissionsUnderTest(new FakeClock(new Date(BEFORE_DEADLINE)));
  let operator: string;
  let admin: string;

  beforeAll(async () => {
    await service.start();
    operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: '32.73' });
    admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  }, 120_000);

  afterAll(() => service.stop());

  function uploadAsBrowser(nameParameter: string, content: Buffer) {
    const boundary = `mcp-${Date.now()}`;
    const fields = { pemdaCode: '32.73', year: '2024', subIndicatorCode: 'PRC.1.1' };
    const body = Buffer.concat([
      Buffer.from(
        Object.entries(fields)
          .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
          .join(''),
      ),
      // Browsers write the name as UTF-8 bytes, escaping only `"`, CR and LF (WHATWG HTML).
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${nameParameter}\r\nContent-Type: application/pdf\r\n\r\n`, 'utf8'),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return request(service.http() as never)
      .post('/v1/evidence')
      .set('Authorization', `Bearer ${operator}`)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
  }

  it.each(hostileNames)('stores and serves %s safely', async (_case, sent, expected) => {
    const content = Buffer.from(`%PDF-1.7\n${JSON.stringify(sent)}\n%%EOF\n`);
    const upload = await uploadAsBrowser(sent, content);
    expect({ status: upload.status, fileName: (upload.body as { fileName?: string }).fileName }).toEqual({ status: 201, fileName: expected });

    const id = (upload.body as { id: string }).id;
    const [row] = await queryTestDatabase<{ file_name: string }>('SELECT file_name FROM submissions.evidence WHERE id = $1', [id]);
    expect(row.file_name).toBe(expected);
    expect(Buffer.byteLength(row.file_name)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);

    const download = await request(service.http() as never)
      .get(`/v1/evidence/${id}/download`)
      .set('Authorization', `Bearer ${admin}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(download.body).toEqual(content);
    const header = download.headers['content-disposition'] as string;
    // Only printable ASCII on the wire: the real name travels percent-encoded in filename*.
    expect(header).toMatch(/^attachment; [\x20-\x7e]+$/);
    expect(parse(header).parameters['filename']).toBe(expected);
  });
});
