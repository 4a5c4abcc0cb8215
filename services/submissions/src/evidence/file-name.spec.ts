import { evidenceFileName, MAX_FILE_NAME_BYTES } from './file-name';

const family = '👨‍👩‍👧‍👦';

describe('evidenceFileName', () => {
  it.each([
    ['SK Penetapan SSH 2024.pdf', 'pdf', 'SK Penetapan SSH 2024.pdf'],
    ['Laporan – é.pdf', 'pdf', 'Laporan – é.pdf'],
    // Decomposed (as macOS sends it) and composed é are one name.
    ['Laporan e\u0301.pdf', 'pdf', 'Laporan é.pdf'],
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    ['C:\\Users\\op\\laporan.pdf', 'pdf', 'laporan.pdf'],
    ['lapor\u0000an\r\n.pdf', 'pdf', 'laporan.pdf'],
    ['SK \u200B Final.pdf', 'pdf', 'SK Final.pdf'],
    ['Laporan\t\takhir.pdf', 'pdf', 'Laporan akhir.pdf'],
    ['Laporan <akhir>?.pdf', 'pdf', 'Laporan _akhir__.pdf'],
    ['laporan\u202Efdp.exe', 'pdf', 'laporanfdp.pdf'],
    ['SK\u200F \u2066Final\u2069\u061C\u200B\uFEFF\u0085.pdf', 'pdf', 'SK Final.pdf'],
    [`Keluarga ${family}.png`, 'png', `Keluarga ${family}.png`],
    ['CON', 'pdf', '_CON.pdf'],
    ['NUL.pdf', 'pdf', '_NUL.pdf'],
    ['con.tar.pdf', 'pdf', '_con.tar.pdf'],
    ['LPT9 .pdf', 'pdf', '_LPT9.pdf'],
    ['Console.pdf', 'pdf', 'Console.pdf'],
    ['laporan.docx', 'pdf', 'laporan.pdf'],
    ['foto.JPEG', 'jpg', 'foto.jpg'],
    ['daftar.zip', 'xlsx', 'daftar.xlsx'],
    ['SK No. 12.2024', 'pdf', 'SK No. 12.2024.pdf'],
    ['laporan. . .pdf', 'pdf', 'laporan.pdf'],
    ['...', 'pdf', 'dokumen.pdf'],
    ['.htaccess', 'pdf', 'dokumen.pdf'],
    ['\u202E\u200B', 'pdf', 'dokumen.pdf'],
    [undefined, 'pdf', 'dokumen.pdf'],
  ])('turns %j (%s) into %j', (original, extension, expected) => {
    expect(evidenceFileName(original, extension)).toBe(expected);
  });

  it('limits the name to 255 UTF-8 bytes, cut between whole emoji, keeping the extension', () => {
    const name = evidenceFileName(`${'😀'.repeat(100)}.pdf`, 'pdf');
    expect(name).toBe(`${'😀'.repeat(62)}.pdf`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
  });

  it('never splits an emoji sequence joined by ZWJ', () => {
    // 25 bytes each: 9 fit beside "Laporan " and ".pdf".
    expect(evidenceFileName(`Laporan ${family.repeat(20)}.pdf`, 'pdf')).toBe(`Laporan ${family.repeat(9)}.pdf`);
  });

  it('changes nothing when applied again (downloads re-apply it to names stored before it existed)', () => {
    for (const original of ['laporan\u202Efdp.exe', 'NUL.pdf', 'SK No. 12.2024', `${'😀'.repeat(100)}.pdf`, `${'a'.repeat(400)}.docx`]) {
      const once = evidenceFileName(original, 'pdf');
      expect(evidenceFileName(once, 'pdf')).toBe(once);
    }
  });
});
