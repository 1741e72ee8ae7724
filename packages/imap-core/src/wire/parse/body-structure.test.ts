import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../errors.ts';
import {
  DOVECOT_FETCH,
  params,
  parseOne,
  parseSplitEverywhere,
} from '../../../test/support/wire-fixtures.ts';
import type { BodyStructure } from '../../types.ts';
import type { Response } from '../response.ts';
import { MAX_NESTING_DEPTH } from '../limits.ts';

const bodyOf = (response: Response): BodyStructure => {
  if (response.kind !== 'fetch' || response.attributes.bodyStructure === undefined)
    throw new Error('no body');
  return response.attributes.bodyStructure;
};
const body = (value: string): BodyStructure =>
  bodyOf(parseSplitEverywhere(`* 1 FETCH (BODYSTRUCTURE ${value})\r\n`));
const NO_EXTENSION = { md5: null, disposition: null, language: null, location: null } as const;

describe('BODYSTRUCTURE (RFC 9051 7.5.2)', () => {
  it("reads Dovecot's multipart/mixed with a nested message/rfc822 and RFC 2231 parameters, fed in every split", () => {
    const response = parseSplitEverywhere(DOVECOT_FETCH);
    expect(bodyOf(response)).toEqual({
      kind: 'multipart',
      type: 'multipart',
      subtype: 'mixed',
      part: '',
      children: [
        {
          kind: 'multipart',
          type: 'multipart',
          subtype: 'alternative',
          part: '1',
          children: [
            {
              kind: 'text',
              type: 'text',
              subtype: 'plain',
              part: '1.1',
              params: params({ charset: 'utf-8', format: 'flowed' }),
              id: null,
              description: null,
              encoding: 'quoted-printable',
              size: 1234,
              lines: 40,
              ...NO_EXTENSION,
            },
            {
              kind: 'text',
              type: 'text',
              subtype: 'html',
              part: '1.2',
              params: params({ charset: 'utf-8' }),
              id: null,
              description: null,
              encoding: 'quoted-printable',
              size: 5678,
              lines: 90,
              ...NO_EXTENSION,
            },
          ],
          params: params({ boundary: 'b2' }),
          disposition: null,
          language: null,
          location: null,
        },
        {
          kind: 'message',
          type: 'message',
          subtype: 'rfc822',
          part: '2',
          params: params({ name: 'fwd.eml' }),
          id: null,
          description: null,
          encoding: '7bit',
          size: 3000,
          envelope: {
            date: 'Tue, 16 Jul 1996 10:00:00 +0000',
            subject: 'inner',
            from: [{ name: 'A', adl: null, mailbox: 'a', host: 'example.com' }],
            sender: [{ name: 'A', adl: null, mailbox: 'a', host: 'example.com' }],
            replyTo: [{ name: 'A', adl: null, mailbox: 'a', host: 'example.com' }],
            to: [{ name: null, adl: null, mailbox: 'b', host: 'example.com' }],
            cc: [],
            bcc: [],
            inReplyTo: null,
            messageId: '<inner@example.com>',
          },
          body: {
            kind: 'multipart',
            type: 'multipart',
            subtype: 'related',
            part: '2',
            children: [
              {
                kind: 'text',
                type: 'text',
                subtype: 'plain',
                part: '2.1',
                params: params({ charset: 'us-ascii' }),
                id: null,
                description: null,
                encoding: '7bit',
                size: 10,
                lines: 1,
                ...NO_EXTENSION,
              },
              {
                kind: 'basic',
                type: 'image',
                subtype: 'png',
                part: '2.2',
                params: params({ name: 'x.png' }),
                id: '<x@y>',
                description: null,
                encoding: 'base64',
                size: 400,
                md5: null,
                disposition: { type: 'inline', params: params({ filename: 'x.png' }) },
                language: null,
                location: null,
              },
            ],
            params: params({ boundary: 'b3' }),
            disposition: null,
            language: null,
            location: null,
          },
          lines: 50,
          md5: null,
          disposition: { type: 'attachment', params: params({ filename: 'fwd.eml' }) },
          language: null,
          location: null,
        },
        {
          kind: 'basic',
          type: 'application',
          subtype: 'pdf',
          part: '3',
          params: params({ 'name*': "utf-8''%E6%96%87%E4%BB%B6.pdf" }),
          id: null,
          description: null,
          encoding: 'base64',
          size: 99999,
          md5: null,
          disposition: {
            type: 'attachment',
            params: params({ 'filename*0*': "utf-8''%E6%96%87", 'filename*1*': '%E4%BB%B6.pdf' }),
          },
          language: null,
          location: null,
        },
      ],
      params: params({ boundary: 'b1' }),
      disposition: null,
      language: ['en', 'de'],
      location: 'http://example.com/',
    });
    expect(response).toMatchObject({
      attributes: { modseq: 9007199254740993n, uid: 4827, rfc822Size: 44827 },
    });
  });

  it('numbers the only part of a non-multipart message 1 (RFC 9051 6.4.5)', () => {
    expect(body('("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92)')).toEqual({
      kind: 'text',
      type: 'text',
      subtype: 'plain',
      part: '1',
      params: params({ charset: 'US-ASCII' }),
      id: null,
      description: null,
      encoding: '7bit',
      size: 3028,
      lines: 92,
    });
  });

  it('numbers the body of a non-multipart encapsulated message under the message part', () => {
    const value = body(
      '(("text" "plain" NIL NIL NIL "7bit" 1 1)("message" "rfc822" NIL NIL NIL "7bit" 9 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" NIL NIL NIL "7bit" 2 1) 3) "mixed")',
    );
    expect(value).toMatchObject({
      children: [{ part: '1' }, { part: '2', body: { part: '2.1', params: params() } }],
    });
  });

  it('reads only as much extension data as the server sent', () => {
    expect(body('("text" "plain" NIL NIL NIL "7bit" 1 1 "md5sum")')).toMatchObject({ md5: 'md5sum' });
    expect(body('("text" "plain" NIL NIL NIL "7bit" 1 1 NIL ("inline" NIL))')).toEqual(
      expect.objectContaining({ md5: null, disposition: { type: 'inline', params: params() } }),
    );
    expect(body('("text" "plain" NIL NIL NIL "7bit" 1 1 NIL NIL "en" NIL 1 ("future" (2 3)))')).toMatchObject(
      {
        language: ['en'],
        location: null,
      },
    );
    const multipart = body('(("text" "plain" NIL NIL NIL "7bit" 1 1) "mixed" ("boundary" "x"))');
    expect(multipart).toMatchObject({ params: params({ boundary: 'x' }) });
    expect('disposition' in multipart).toBe(false);
  });

  it('reads a message/rfc822 part sent without envelope as a basic part (seen for unparsable attachments)', () => {
    expect(body('("message" "rfc822" NIL NIL NIL "7bit" 120 NIL NIL NIL NIL)')).toMatchObject({
      kind: 'basic',
      part: '1',
      size: 120,
    });
  });

  it('reads message/global like message/rfc822 (RFC 9051 adds it to media-message)', () => {
    const value = body(
      '("message" "global" NIL NIL NIL "8bit" 9 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" NIL NIL NIL "8bit" 2 1) 3)',
    );
    expect(value).toMatchObject({ kind: 'message', body: { part: '1.1' } });
  });

  it('tolerates SP between the parts of a multipart and a NIL encoding', () => {
    expect(
      body('(("text" "plain" NIL NIL NIL NIL 1 1) ("text" "html" NIL NIL NIL "7bit" 2 1) "alternative")'),
    ).toMatchObject({
      children: [{ encoding: '7bit', part: '1' }, { part: '2' }],
    });
  });

  it(`refuses nesting deeper than ${MAX_NESTING_DEPTH} levels with NESTING_TOO_DEEP`, () => {
    const depth = MAX_NESTING_DEPTH;
    const deep =
      '('.repeat(depth) + '"text" "plain" NIL NIL NIL "7bit" 1 1' + ') "mixed"'.repeat(depth - 1) + ')';
    expect(() => parseOne(`* 1 FETCH (BODYSTRUCTURE ${deep})\r\n`)).toThrow(
      expect.objectContaining({ code: ErrorCodes.NESTING_TOO_DEEP }),
    );
  });

  it.each([
    ['("text" "plain" NIL NIL NIL "7bit" 1)', 'expected SP at byte 61'],
    ['("text" NIL NIL NIL NIL "7bit" 1 1)', 'expected media-subtype (quoted or literal) at byte 33'],
    ['(("text" "plain" NIL NIL NIL "7bit" 1 1))', 'expected SP before media-subtype at byte 65'],
    [
      '("text" "plain" (NIL "x") NIL NIL "7bit" 1 1)',
      'expected body-fld-param attribute (quoted or literal) at byte 42',
    ],
  ])('refuses %s', (value, message) => {
    expect(() => parseOne(`* 1 FETCH (BODYSTRUCTURE ${value})\r\n`)).toThrow(message);
  });
});
