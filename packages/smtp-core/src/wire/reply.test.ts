import { describe, expect, it } from 'vitest';
import { toReply } from './reply.ts';

describe('toReply', () => {
  it.each([
    [
      'lifts the enhanced code out of every line',
      550,
      ['5.1.1 <x@y>: Recipient rejected:', '5.1.1 User unknown'],
      true,
      { code: 550, enhanced: '5.1.1', text: '<x@y>: Recipient rejected:\nUser unknown' },
    ],
    [
      'leaves the text alone when ENHANCEDSTATUSCODES was not advertised',
      550,
      ['5.1.1 User unknown'],
      false,
      { code: 550, text: '5.1.1 User unknown' },
    ],
    [
      'keeps a code whose class disagrees with the reply code as text (RFC 3463 2)',
      250,
      ['5.1.1 odd'],
      true,
      { code: 250, text: '5.1.1 odd' },
    ],
    [
      'accepts three-digit subject and detail',
      451,
      ['4.123.456 later'],
      true,
      { code: 451, enhanced: '4.123.456', text: 'later' },
    ],
    ['takes a code alone on its line', 250, ['2.0.0'], true, { code: 250, enhanced: '2.0.0', text: '' }],
    [
      'does not take a version number for a code',
      220,
      ['2.0.0.1 server'],
      true,
      { code: 220, text: '2.0.0.1 server' },
    ],
    ['takes nothing from a reply without one', 250, ['Ok'], true, { code: 250, text: 'Ok' }],
  ])('%s', (_name, code, lines, enhanced, expected) => {
    expect(toReply({ code, lines }, enhanced)).toEqual(expected);
  });
});
