import { describe, expect, it } from 'vitest';
import { decodeFlowed } from './flowed.ts';

describe('format=flowed (RFC 3676)', () => {
  it.each([
    ['joins soft-broken lines', 'one \ntwo\n', false, 'one two\n'],
    ['keeps hard breaks', 'one\ntwo', false, 'one\ntwo'],
    ['removes the soft space with DelSp=yes', 'wo \nrd', true, 'word'],
    ['removes space-stuffing', ' From here\n', false, 'From here\n'],
    ['never joins across a signature separator', '-- \nAlice', false, '-- \nAlice'],
    ['joins quoted lines of one depth and drops their marks', '> a \n> b\n', false, '> a b\n'],
    ['does not join lines of different quote depth', '> a \n>> b\nc', false, '> a \n>> b\nc'],
  ])('%s', (_name, input, delSp, expected) => {
    expect(decodeFlowed(input, delSp)).toBe(expected);
  });
});
