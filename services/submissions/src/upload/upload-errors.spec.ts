import { describeBytes } from './upload-errors';

describe('describeBytes', () => {
  it.each([
    [52428800, '50 MiB'],
    [2147483648, '2 GiB'],
    [1536, '1536 byte'],
    [1048576, '1 MiB'],
    [1000, '1000 byte'],
  ])('writes %d as %s', (bytes, text) => {
    expect(describeBytes(bytes)).toBe(text);
  });
});
