import { describe, expect, it } from '@jest/globals';
import { en } from './en';
import { id } from './id';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the Indonesian and English dictionaries', () => {
  // The type checker proves both have the same keys; it cannot see inside the texts.
  it('fill the same placeholders in every text, so a switch of language loses no number or name', () => {
    const differing = Object.keys(id).filter((key) => {
      const k = key as keyof typeof id;
      return placeholders(id[k]).join() !== placeholders(en[k]).join();
    });
    expect(differing).toEqual([]);
  });

  it('leave no text empty in either language', () => {
    const empty = [...Object.entries(id), ...Object.entries(en)].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });
});
