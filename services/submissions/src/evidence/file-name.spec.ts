import { sanitiseFileName } from './file-name';

describe('sanitiseFileName', () => {
  it.each([
    ['SK Penetapan SSH 2024.pdf', 'SK Penetapan SSH 2024.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\op\\laporan.pdf', 'laporan.pdf'],
    ['lapor\u0000an\r\n.pdf', 'lapor_an__.pdf'],
    ['...', 'dokumen'],
    ['.htaccess', 'htaccess'],
    [undefined, 'dokumen'],
  ])('turns %j into %j', (original, expected) => {
    expect(sanitiseFileName(original)).toBe(expected);
  });

  it('bounds the length', () => {
    expect(sanitiseFileName(`${'a'.repeat(400)}.pdf`)).toHaveLength(255);
  });
});
