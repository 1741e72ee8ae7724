import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isVerbatimMailboxName,
  joinMailboxName,
  mailboxDisplayName,
  mailboxLeafName,
  mailboxNameFromWire,
  mailboxWireBytes,
  parentMailboxName,
} from './mailbox-names.ts';
import { encodeModifiedUtf7 } from './utf7.ts';

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const name = (wire: string | Uint8Array, utf8Accept = false) =>
  mailboxNameFromWire(typeof wire === 'string' ? latin1(wire) : wire, { utf8Accept });

describe('mailbox names', () => {
  it.each([
    ['&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-', 'Отправленные'],
    ['Tom &- Jerry', 'Tom & Jerry'],
    ['[Gmail]/Gesendet', '[Gmail]/Gesendet'],
    ['inbox', 'INBOX'],
  ])('names a wire name that decodes by its decoding: %s', (wire, decoded) => {
    expect(name(wire)).toBe(decoded);
    expect(isVerbatimMailboxName(name(wire))).toBe(false);
  });

  it('gives back the exact wire bytes of every name that decodes (one spelling per name)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
        fc.pre(text.toUpperCase() !== 'INBOX');
        const wire = encodeModifiedUtf7(text);
        expect(mailboxNameFromWire(latin1(wire))).toBe(text);
        expect(mailboxWireBytes(text)).toEqual(latin1(wire));
      }),
      { numRuns: 300 },
    );
  });

  it('gives back the exact bytes of any wire name, decodable or not, and never names two alike', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), fc.uint8Array({ maxLength: 24 }), (a, b) => {
        const upper = (bytes: Uint8Array) => String.fromCharCode(...bytes).toUpperCase();
        fc.pre(upper(a) !== 'INBOX' && upper(b) !== 'INBOX');
        expect(mailboxWireBytes(mailboxNameFromWire(a))).toEqual(a);
        const same = a.length === b.length && a.every((x, i) => x === b[i]);
        expect(mailboxNameFromWire(a) === mailboxNameFromWire(b)).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a null shift that decodes like another name', '&AOk-&AOg-'],
    ['encoded printable ASCII ("&AGE-" would read "a")', '&AGE-'],
    ['raw UTF-8', utf8('Входящие')],
    ['raw GBK', latin1('\xc4\xe3\xba\xc3')],
    ['UTF-8 that is not valid, under UTF8=ACCEPT', latin1('caf\xe9')],
  ])('keeps a wire name that does not decode verbatim: %s', (_name, wire) => {
    const utf8Accept = _name.includes('UTF8=ACCEPT');
    const verbatim = name(wire, utf8Accept);
    expect(isVerbatimMailboxName(verbatim)).toBe(true);
    expect(mailboxWireBytes(verbatim, { utf8Accept })).toEqual(
      typeof wire === 'string' ? latin1(wire) : wire,
    );
  });

  it('never collapses a name that does not decode into the one that does', () => {
    // "&AGE-" is not modified UTF-7; "&-AGE-" is, and reads "&AGE-".
    expect(name('&-AGE-')).toBe('&AGE-');
    expect(name('&AGE-')).not.toBe(name('&-AGE-'));
    // Raw UTF-8 "Входящие" and its modified UTF-7 spelling are two mailboxes on the server.
    expect(name(utf8('Входящие'))).not.toBe(name(encodeModifiedUtf7('Входящие')));
  });

  it.each([
    ['Отправленные', 'Отправленные'],
    [name(utf8('Ящик')), '\\xD0\\xAF\\xD1\\x89\\xD0\\xB8\\xD0\\xBA'],
    [name('a\\b&c'), 'a\\\\b&c'],
    [name(latin1('tab\there\x7f')), 'tab\\x09here\\x7F'],
  ])('shows %j as %j', (mailbox, shown) => {
    expect(mailboxDisplayName(mailbox)).toBe(shown);
  });

  it.each([
    ['Архив/2023', 'Архив', '2023'],
    ['INBOX.Sent', null, 'INBOX.Sent'],
    ['Top', null, 'Top'],
  ])('splits %s at "/"', (mailbox, parent, leaf) => {
    expect(parentMailboxName(mailbox, '/')).toBe(parent);
    expect(mailboxLeafName(mailbox, '/')).toBe(leaf);
  });

  it('finds the parent of a verbatim name on its bytes, whether or not the parent decodes', () => {
    const child = name(latin1('Work/\xff\xfe'));
    expect(parentMailboxName(child, '/')).toBe('Work');
    expect(mailboxLeafName(child, '/')).toBe('\\xFF\\xFE');
    const grandchild = name(latin1('\xc4\xe3/\xba\xc3'));
    const parent = parentMailboxName(grandchild, '/');
    expect(parent !== null && mailboxWireBytes(parent)).toEqual(latin1('\xc4\xe3'));
    expect(parentMailboxName(name(latin1('\xc4\xe3')), '/')).toBeNull();
  });

  it('joins typed text to a name, keeping a verbatim head as bytes', () => {
    expect(joinMailboxName('Архив/', 'Новое')).toBe('Архив/Новое');
    const head = name(latin1('\xc4\xe3/'));
    const joined = joinMailboxName(head, 'Новое');
    expect(mailboxWireBytes(joined)).toEqual(latin1(`\xc4\xe3/${encodeModifiedUtf7('Новое')}`));
  });
});
