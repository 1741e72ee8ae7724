// Known-answer round trips for the response parsers: generate a value, write it the ways a server may (quoted
// with escapes, or as a literal; atoms in any case), parse it back, and compare with the value.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Address, Envelope } from '../../src/types.ts';
import { encodeModifiedUtf7 } from '../../src/utf7.ts';
import { parseOne } from '../support/wire-fixtures.ts';

const encoder = new TextEncoder();

/** A string as a server may send it: quoted (escaping '"' and '\') when it can be, else or sometimes a literal. */
function wireString(value: string, asLiteral: boolean): string {
  if (asLiteral || /[\r\n]/.test(value)) return `{${encoder.encode(value).length}}\r\n${value}`;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
const wireNString = (value: string | null, asLiteral: boolean): string =>
  value === null ? (asLiteral ? 'nil' : 'NIL') : wireString(value, asLiteral);

const text = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes('\0'));
const nullableText = fc.option(text, { nil: null });
const address = fc.record({
  name: nullableText,
  adl: nullableText,
  mailbox: nullableText,
  host: nullableText,
});
const addressList = fc.array(address, { maxLength: 3 });
const envelope = fc.record({
  date: nullableText,
  subject: nullableText,
  from: addressList,
  sender: addressList,
  replyTo: addressList,
  to: addressList,
  cc: addressList,
  bcc: addressList,
  inReplyTo: nullableText,
  messageId: nullableText,
});

function wireAddressList(list: readonly Address[], literal: () => boolean): string {
  if (list.length === 0) return 'NIL';
  const one = (a: Address): string =>
    `(${[a.name, a.adl, a.mailbox, a.host].map((v) => wireNString(v, literal())).join(' ')})`;
  return `(${list.map(one).join('')})`;
}

function wireEnvelope(e: Envelope, literal: () => boolean): string {
  return `(${[
    wireNString(e.date, literal()),
    wireNString(e.subject, literal()),
    ...[e.from, e.sender, e.replyTo, e.to, e.cc, e.bcc].map((l) => wireAddressList(l, literal)),
    wireNString(e.inReplyTo, literal()),
    wireNString(e.messageId, literal()),
  ].join(' ')})`;
}

describe('response round trips', () => {
  it('parses back every envelope, however its strings are written', () => {
    fc.assert(
      fc.property(
        envelope,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }),
        (value, literalChoices) => {
          let k = 0;
          const literal = (): boolean => literalChoices[k++ % literalChoices.length] as boolean;
          const response = parseOne(`* 9 FETCH (UID 3 ENVELOPE ${wireEnvelope(value, literal)})\r\n`);
          expect(response).toEqual({ kind: 'fetch', seq: 9, attributes: { uid: 3, envelope: value } });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('parses back every mailbox name from LIST and STATUS, written in modified UTF-7', () => {
    const name = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 30 })
      .filter((s) => !/[\r\n\0]/.test(s) && s.toUpperCase() !== 'INBOX');
    fc.assert(
      fc.property(name, fc.boolean(), (value, asLiteral) => {
        const wire = wireString(encodeModifiedUtf7(value), asLiteral);
        expect(parseOne(`* LIST (\\HasNoChildren) "/" ${wire}\r\n`)).toMatchObject({
          mailbox: { name: value },
        });
        expect(parseOne(`* STATUS ${wire} (MESSAGES 1)\r\n`)).toMatchObject({ mailbox: value });
      }),
      { numRuns: 1500 },
    );
  });

  it('parses back flags and numbers of a FETCH summary', () => {
    const keyword = fc.stringMatching(/^[A-Za-z$][A-Za-z0-9$_.-]{0,15}$/);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0xffffffff }),
        fc.uniqueArray(keyword, { maxLength: 5 }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
        (uid, flags, size, modseq) => {
          const line = `* 1 FETCH (UID ${uid} FLAGS (${flags.join(' ')}) RFC822.SIZE ${size} MODSEQ (${modseq}))\r\n`;
          expect(parseOne(line)).toEqual({
            kind: 'fetch',
            seq: 1,
            attributes: { uid, flags, rfc822Size: size, modseq },
          });
        },
      ),
      { numRuns: 1500 },
    );
  });
});
