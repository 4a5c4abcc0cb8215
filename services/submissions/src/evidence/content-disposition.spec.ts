import { parse } from 'content-disposition';
import { createHash } from 'node:crypto';
import { attachmentDisposition, sha256ReprDigest } from './content-disposition';

describe('attachmentDisposition', () => {
  it.each([
    ['SK Penetapan SSH 2024.pdf', `attachment; filename="SK Penetapan SSH 2024.pdf"`],
    ['Laporan "final".pdf', `attachment; filename="Laporan _final_.pdf"; filename*=UTF-8''Laporan%20%22final%22.pdf`],
    ['Rekap_Pajak_Daerah_Bali_Désa.xlsx', `attachment; filename=Rekap_Pajak_Daerah_Bali_D_sa.xlsx; filename*=UTF-8''Rekap_Pajak_Daerah_Bali_D%C3%A9sa.xlsx`],
    ['Laporan – é.pdf', `attachment; filename="Laporan _ _.pdf"; filename*=UTF-8''Laporan%20%E2%80%93%20%C3%A9.pdf`],
    ["a\\b'(1)*.pdf", `attachment; filename="a_b'(1)*.pdf"; filename*=UTF-8''a%5Cb%27%281%29%2A.pdf`],
    ['100%.pdf', `attachment; filename=100_.pdf; filename*=UTF-8''100%25.pdf`],
  ])('writes %j as %s', (name, header) => {
    expect(attachmentDisposition(name)).toBe(header);
  });

  it('round-trips any name through a standard parser', () => {
    for (const name of ['Laporan – é.pdf', `${'😀'.repeat(62)}.pdf`, 'a;b=c,"d".pdf']) {
      expect(parse(attachmentDisposition(name)).parameters['filename']).toBe(name);
    }
  });
});

describe('sha256ReprDigest', () => {
  it('gives the base64 of the digest between colons', () => {
    const hex = createHash('sha256').update('hello').digest('hex');
    expect(sha256ReprDigest(hex)).toBe(`sha-256=:${createHash('sha256').update('hello').digest('base64')}:`);
  });
});
