import { copyPieces, copyText } from './copy-rows';

describe('COPY text format', () => {
  it('escapes what could split a row or a column, and writes null as \\N', () => {
    expect(copyText('32.73')).toBe('32.73');
    expect(copyText(2024)).toBe('2024');
    expect(copyText(null)).toBe('\\N');
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
  });

  it('writes one line per row, columns separated by tabs', () => {
    const rows = [
      { id: 'x', value: '1.50' },
      { id: 'y\tz', value: null },
    ];
    expect([...copyPieces(rows, (row) => [row.id, row.value])].join('')).toBe('x\t1.50\ny\\tz\t\\N\n');
  });

  it('yields nothing for no rows', () => {
    expect([...copyPieces([], () => [])]).toEqual([]);
  });
});
