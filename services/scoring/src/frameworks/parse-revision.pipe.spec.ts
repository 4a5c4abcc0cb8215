import { ParseRevisionPipe } from './parse-revision.pipe';

describe('ParseRevisionPipe', () => {
  it('reads a revision number', () => {
    expect(new ParseRevisionPipe().transform('3')).toBe(3);
    expect(new ParseRevisionPipe().transform(3)).toBe(3);
  });

  it.each(['0', '3000000000', '-1', '1.5', 'x', undefined])('refuses %p with INVALID_REVISION', (value) => {
    expect(() => new ParseRevisionPipe().transform(value)).toThrow(expect.objectContaining({ code: 'INVALID_REVISION' }));
  });
});
