import { queryTestDatabase, testToken } from '@mcp/testing';
import { Workbook } from 'exceljs';
import request from 'supertest';
import { S3Storage } from '../../services/submissions/src/storage/s3-storage';
import { ensureTestS3, s3TestEnv } from '../../services/submissions/src/storage/test-s3-server';
import { FakeClock, streamUpload, SubmissionsUnderTest } from '../../services/submissions/src/submissions-under-test';
import { docxArchive, zipArchive } from '../../services/submissions/src/upload/zip-archive.fixture';

/*
 * Every way an upload can be refused, each with its exact status and message, and each leaving
 * nothing behind: no evidence row, no history entry, no event in the outbox, no stored object.
 * The whole suite runs once per storage driver (local disk, and S3 against a real S3 server).
 */
const MiB = 1024 * 1024;
const BEFORE_DEADLINE = '2024-11-20T10:00:00+07:00';
const pdf = (text = 'bukti') => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);

const drivers: [string, () => Record<string, string>][] = [
  ['local disk', () => ({})],
  ['S3', () => s3TestEnv(ensureTestS3())],
];

describe.each(drivers)('uploads with the %s storage driver', (_driver, storageEnv) => {
  const clock = new FakeClock(new Date(BEFORE_DEADLINE));
  let service: SubmissionsUnderTest;
  let operator: string;
  let admin: string;

  beforeAll(async () => {
    service = new SubmissionsUnderTest(clock, {
      ...storageEnv(),
      MAX_UPLOAD_BYTES: String(MiB),
      MAX_ZIP_ENTRIES: '100',
      MAX_ZIP_UNCOMPRESSED_BYTES: String(10 * MiB),
    });
    await service.start();
    // Stands in for the database failing between the stored file and the committed row.
    await queryTestDatabase(`
      CREATE FUNCTION submissions.simulate_failure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.note = 'simulasi-gagal-db' THEN RAISE EXCEPTION 'simulated database failure'; END IF;
        RETURN NEW;
      END $$`);
    await queryTestDatabase(
      `CREATE TRIGGER simulate_failure BEFORE INSERT ON submissions.evidence FOR EACH ROW EXECUTE FUNCTION submissions.simulate_failure()`,
    );
    operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: '32.73' });
    admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  }, 120_000);

  afterAll(async () => {
    await service.stop();
    if (service.storage instanceof S3Storage) service.storage.destroy();
  });

  afterEach(() => clock.set(BEFORE_DEADLINE));

  async function traces() {
    return {
      rows: await service.count('SELECT 1 FROM submissions.evidence'),
      history: await service.count('SELECT 1 FROM submissions.submission_history'),
      events: await service.count('SELECT 1 FROM submissions.outbox'),
      objects: (await service.objectKeys()).length,
    };
  }

  function upload(file: Buffer, fileName: string, fields: Record<string, string> = {}, token = operator) {
    const call = request(service.http() as never).post('/v1/evidence').set('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries({ pemdaCode: '32.73', year: '2024', subIndicatorCode: 'PRC.1.1', ...fields })) {
      call.field(name, value);
    }
    return call.attach('file', file, { filename: fileName, contentType: 'application/pdf' });
  }

  async function expectRefusal(
    send: () => Promise<{ status: number; body: { error?: string; message?: string } }>,
    status: number,
    error: string | undefined,
    message: string,
  ): Promise<void> {
    const before = await traces();
    const response = await send();
    expect({ status: response.status, error: response.body.error, message: response.body.message }).toEqual({ status, error, message });
    expect(await traces()).toEqual(before);
  }

  it('cuts a file over the limit while it streams (413) and keeps nothing', async () => {
    const before = await traces();
    const streamed = await streamUpload(
      service.port(),
      operator,
      { pemdaCode: '32.73', year: '2024', subIndicatorCode: 'PRC.1.1' },
      { name: 'besar.pdf', head: pdf(), totalBytes: 64 * MiB },
    );
    expect(streamed.status).toBe(413);
    expect(streamed.body).toEqual({
      statusCode: 413,
      error: 'FILE_TOO_LARGE',
      message: 'Berkas melebihi batas ukuran 1 MiB; unggahan dihentikan dan tidak disimpan (file exceeds the upload limit of 1048576 bytes)',
    });
    // The answer came while the client was still sending: the service stopped at the limit. (How
    // soon is a matter of machine load, about a second of slack here; a service that read the
    // whole body would answer only after all 64 MiB.)
    expect(streamed.bytesSentBeforeAnswer).toBeLessThan(64 * MiB);
    expect(await traces()).toEqual(before);
    await expectRefusal(
      () => upload(Buffer.concat([pdf(), Buffer.alloc(MiB)]), 'besar.pdf'),
      413,
      'FILE_TOO_LARGE',
      'Berkas melebihi batas ukuran 1 MiB; unggahan dihentikan dan tidak disimpan (file exceeds the upload limit of 1048576 bytes)',
    );
  });

  it('accepts a file of exactly the limit', async () => {
    const exact = Buffer.concat([pdf(), Buffer.alloc(MiB - pdf().length, 0x20)]);
    const response = await upload(exact, 'pas.pdf', { subIndicatorCode: 'PRC.1.2' });
    expect(response.status).toBe(201);
    expect(response.body.sizeBytes).toBe(MiB);
  });

  it('refuses a zero-byte file (400)', async () => {
    await expectRefusal(() => upload(Buffer.alloc(0), 'kosong.pdf'), 400, 'EMPTY_FILE', 'Berkas kosong (0 byte) tidak dapat diterima (the file is empty)');
  });

  it('refuses an executable renamed .pdf and sent as application/pdf (422), and text of no known type', async () => {
    const windowsExecutable = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510)]);
    await expectRefusal(
      () => upload(windowsExecutable, 'SK Penetapan SSH.pdf'),
      422,
      'UNSUPPORTED_FILE_TYPE',
      'Jenis berkas tidak diizinkan: isinya terdeteksi sebagai EXE; yang diizinkan PDF, PNG, JPEG, XLSX, DOCX, ZIP. ' +
        'Jenis ditentukan dari isi berkas, bukan dari nama atau Content-Type (file type not allowed, decided by content)',
    );
    await expectRefusal(
      () => upload(Buffer.from('#!/bin/sh\nrm -rf /\n'), 'laporan.pdf'),
      422,
      'UNSUPPORTED_FILE_TYPE',
      'Jenis berkas tidak diizinkan: isinya terdeteksi sebagai tidak dikenal; yang diizinkan PDF, PNG, JPEG, XLSX, DOCX, ZIP. ' +
        'Jenis ditentukan dari isi berkas, bukan dari nama atau Content-Type (file type not allowed, decided by content)',
    );
  });

  it('refuses ZIP bombs (422): too much unpacked, or too many entries', async () => {
    const bomb = zipArchive([['nol.bin', Buffer.alloc(20 * MiB)]]);
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expectRefusal(
      () => upload(bomb, 'lampiran.zip'),
      422,
      'ZIP_BOMB',
      'Berkas ZIP ditolak: isinya bila dibuka sedikitnya 20971520 byte, melebihi batas 10 MiB (ZIP bomb refused)',
    );
    const crowded = zipArchive(Array.from({ length: 101 }, (_, i): [string, Buffer] => [`berkas-${i}.txt`, Buffer.from('x')]));
    await expectRefusal(
      () => upload(crowded, 'lampiran.zip'),
      422,
      'ZIP_BOMB',
      'Berkas ZIP ditolak: berisi 101 entri, melebihi batas 100 entri (ZIP bomb refused)',
    );
  });

  it('accepts ZIP, DOCX and XLSX within the limits, typed by their content', async () => {
    const workbook = new Workbook();
    workbook.addWorksheet('SSH').addRow(['Kode', 'Uraian', 'Harga']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const cases: [Buffer, string, string][] = [
      [zipArchive([['sk.txt', Buffer.from('isi')]]), 'arsip.bin', 'application/zip'],
      [docxArchive(), 'laporan.pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [xlsx, 'daftar.zip', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ];
    for (const [file, name, contentType] of cases) {
      const response = await upload(file, name, { subIndicatorCode: 'PRC.1.3' });
      expect({ status: response.status, contentType: response.body.contentType }).toEqual({ status: 201, contentType });
    }
  });

  it('keeps a name with path traversal or control characters only as harmless metadata', async () => {
    const traversal = await upload(pdf('nama jahat'), '../../../etc/cron.d/jadwal.pdf', { subIndicatorCode: 'ANG.1.1' });
    expect({ status: traversal.status, fileName: traversal.body.fileName }).toEqual({ status: 201, fileName: 'jadwal.pdf' });
    // Control characters cannot travel in a plain header parameter; RFC 5987 encoding carries them.
    const content = pdf('nama dengan karakter kendali');
    const response = await streamUpload(
      service.port(),
      operator,
      { pemdaCode: '32.73', year: '2024', subIndicatorCode: 'ANG.1.1' },
      { name: '', head: content, totalBytes: content.length, nameParameter: "filename*=UTF-8''..%2F..%2Fetc%2Fjadwal%07%1B%0D%0A.pdf" },
    );
    expect({ status: response.status, fileName: response.body.fileName }).toEqual({ status: 201, fileName: 'jadwal.pdf' });
    const [row] = await queryTestDatabase<{ storage_key: string }>('SELECT storage_key FROM submissions.evidence WHERE id = $1', [response.body.id]);
    expect(row.storage_key).toMatch(/^evidence\/[0-9a-f-]{36}$/);
    expect(await service.objectKeys()).toContain(row.storage_key);
    const windows = await upload(pdf('nama windows'), 'C:\\Users\\op\\..\\..\\Laporan <akhir>.pdf', { subIndicatorCode: 'ANG.1.2' });
    expect(windows.body.fileName).toBe('Laporan _akhir_.pdf');
  });

  it('refuses an unknown sub-indicator (404)', async () => {
    await expectRefusal(
      () => upload(pdf(), 'sk.pdf', { subIndicatorCode: 'XYZ.9.9' }),
      404,
      'UNKNOWN_SUB_INDICATOR',
      'Sub-indikator XYZ.9.9 tidak ada dalam kerangka MCP 2024 (unknown sub-indicator)',
    );
  });

  it("refuses another Pemda's code (403)", async () => {
    await expectRefusal(
      () => upload(pdf(), 'sk.pdf', { pemdaCode: '32.74' }),
      403,
      'Forbidden',
      'Anda tidak berwenang bertindak untuk Pemda 32.74 (not allowed to act for Pemda 32.74)',
    );
  });

  it("refuses an upload after the deadline (422), naming it in the Pemda's own time zone", async () => {
    clock.set('2024-12-01T00:00:00+07:00');
    await expectRefusal(
      () => upload(pdf(), 'sk.pdf'),
      422,
      'UPLOAD_DEADLINE_PASSED',
      'Unggahan ditolak: batas waktu unggah MCP 2024 untuk Pemda 32.73 telah lewat pada 30 November 2024 pukul 23.59 WIB. ' +
        'Hubungi admin MCP untuk perpanjangan (upload deadline passed: 2024-11-30T16:59:59.000Z)',
    );
    await expectRefusal(
      () => upload(pdf(), 'sk.pdf', { pemdaCode: '51.71' }, admin),
      422,
      'UPLOAD_DEADLINE_PASSED',
      'Unggahan ditolak: batas waktu unggah MCP 2024 untuk Pemda 51.71 telah lewat pada 1 Desember 2024 pukul 00.59 WITA. ' +
        'Hubungi admin MCP untuk perpanjangan (upload deadline passed: 2024-11-30T16:59:59.000Z)',
    );
    // Fields sent before the file: refused before a byte of the file is stored.
    const streamed = await streamUpload(
      service.port(),
      operator,
      { pemdaCode: '32.73', year: '2024', subIndicatorCode: 'PRC.1.1' },
      { name: 'sk.pdf', head: pdf(), totalBytes: 64 * MiB },
    );
    expect(streamed.status).toBe(422);
    expect(streamed.body.error).toBe('UPLOAD_DEADLINE_PASSED');
    // Answered before the body was in, with load-dependent slack (see the 413 case).
    expect(streamed.bytesSentBeforeAnswer).toBeLessThan(64 * MiB);
  });

  it('leaves nothing behind when the database fails in the middle of an upload (500)', async () => {
    await expectRefusal(
      () => upload(pdf('gagal'), 'sk.pdf', { subIndicatorCode: 'PRC.2.1', note: 'simulasi-gagal-db' }),
      500,
      'INTERNAL_ERROR',
      'Terjadi kesalahan pada server; silakan coba lagi (internal error, please retry)',
    );
    expect(await service.count(`SELECT 1 FROM submissions.submission WHERE sub_indicator_code = 'PRC.2.1' AND version_count > 0`)).toBe(0);
  });

  it('accepts the file before the fields, and removes it when the late fields are refused', async () => {
    const fileFirst = () =>
      request(service.http() as never)
        .post('/v1/evidence')
        .set('Authorization', `Bearer ${operator}`)
        .attach('file', pdf('berkas dulu'), { filename: 'sk.pdf', contentType: 'application/pdf' })
        .field('pemdaCode', '32.73')
        .field('year', '2024');
    const accepted = await fileFirst().field('subIndicatorCode', 'PRC.2.2');
    expect(accepted.status).toBe(201);
    await expectRefusal(
      () => fileFirst().field('subIndicatorCode', 'XYZ.1.1'),
      404,
      'UNKNOWN_SUB_INDICATOR',
      'Sub-indikator XYZ.1.1 tidak ada dalam kerangka MCP 2024 (unknown sub-indicator)',
    );
  });

  it('refuses an upload without a file (400) and one with a second file (400)', async () => {
    await expectRefusal(
      () =>
        request(service.http() as never)
          .post('/v1/evidence')
          .set('Authorization', `Bearer ${operator}`)
          .field('pemdaCode', '32.73')
          .field('year', '2024')
          .field('subIndicatorCode', 'PRC.1.1'),
      400,
      'MISSING_FILE',
      'Berkas wajib diunggah pada field "file" (the multipart field "file" is required)',
    );
    await expectRefusal(
      () => upload(pdf('satu'), 'satu.pdf').attach('file', pdf('dua'), 'dua.pdf'),
      400,
      'ONE_FILE_PER_UPLOAD',
      'Satu unggahan hanya boleh berisi satu berkas (one file per upload)',
    );
  });
});
