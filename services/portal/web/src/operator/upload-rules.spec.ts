import { describe, expect, it } from '@jest/globals';
import { ACCEPT_ATTRIBUTE, fileProblem, MAX_UPLOAD_BYTES } from './upload-rules';

const file = (name: string, bytes: number) => ({ name, size: bytes }) as File;

describe('what the upload form refuses before sending', () => {
  it('accepts the types submissions accepts, whatever the case of the extension', () => {
    expect(fileProblem(file('perda.PDF', 10))).toBeNull();
    expect(fileProblem(file('foto.jpeg', 10))).toBeNull();
    expect(fileProblem(file('rekap.xlsx', MAX_UPLOAD_BYTES))).toBeNull();
  });

  it('names the problem: a type it refuses, an empty file, one over 50 MiB', () => {
    expect(fileProblem(file('skrip.exe', 10))).toBe('type');
    expect(fileProblem(file('tanpa-ekstensi', 10))).toBe('type');
    expect(fileProblem(file('kosong.pdf', 0))).toBe('empty');
    expect(fileProblem(file('besar.zip', MAX_UPLOAD_BYTES + 1))).toBe('size');
  });

  it('offers the same types in the file picker', () => {
    expect(ACCEPT_ATTRIBUTE.split(',')).toEqual(['.pdf', '.png', '.jpg', '.jpeg', '.xlsx', '.docx', '.zip']);
  });
});
