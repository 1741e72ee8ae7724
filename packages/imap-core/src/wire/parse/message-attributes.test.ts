import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../errors.ts';
import { bytesOf, parseOne } from '../../../test/support/wire-fixtures.ts';
import type { FetchAttributes } from '../response.ts';

const STRUCTURE =
  '(("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 12 1 NIL NIL NIL NIL)' +
  '("application" "pdf" ("name" {10}\r\nОтчёт) NIL NIL "base64" 300 NIL ("attachment" NIL) NIL NIL)' +
  ' "mixed" ("boundary" "b1") NIL NIL NIL)';

function attributesOf(items: string): FetchAttributes {
  const response = parseOne(bytesOf(`* 3 FETCH (UID 9 ${items})\r\n`));
  if (response.kind !== 'fetch') throw new Error(response.kind);
  return response.attributes;
}

describe('a FETCH summary keeps its body structure as bytes until it is read', () => {
  it('is an own enumerable property, decoded once on first read', () => {
    const attributes = attributesOf(`BODYSTRUCTURE ${STRUCTURE}`);
    expect(Object.getOwnPropertyDescriptor(attributes, 'bodyStructure')).toMatchObject({ enumerable: true });
    const body = attributes.bodyStructure;
    expect(body).toMatchObject({
      kind: 'multipart',
      subtype: 'mixed',
      children: [{ part: '1' }, { part: '2' }],
    });
    expect(attributes.bodyStructure).toBe(body);
  });

  it('keeps 8-bit bytes and literals exact', () => {
    const body = attributesOf(`BODYSTRUCTURE ${STRUCTURE}`).bodyStructure;
    expect(body?.kind === 'multipart' && body.children[1]?.params?.get('name')).toBe('Отчёт');
  });

  it('looks like ordinary data to spread, Object.keys, JSON and structuredClone', () => {
    const eager = { uid: 9, bodyStructure: attributesOf(`BODYSTRUCTURE ${STRUCTURE}`).bodyStructure };
    const lazy = () => attributesOf(`BODYSTRUCTURE ${STRUCTURE}`);
    expect(Object.keys(lazy())).toEqual(['uid', 'bodyStructure']);
    expect({ ...lazy() }).toEqual(eager);
    expect(JSON.stringify(lazy())).toBe(JSON.stringify(eager));
    expect(structuredClone(lazy()).bodyStructure).toMatchObject({ kind: 'multipart', subtype: 'mixed' });
    expect(lazy()).toEqual(eager);
  });

  it('can be replaced before or after it is read', () => {
    const unread = attributesOf(`BODYSTRUCTURE ${STRUCTURE}`) as { bodyStructure?: unknown };
    unread.bodyStructure = undefined;
    expect(unread.bodyStructure).toBeUndefined();
    const read = attributesOf(`BODY ${STRUCTURE}`) as { bodyStructure?: unknown };
    void read.bodyStructure;
    read.bodyStructure = undefined;
    expect(read.bodyStructure).toBeUndefined();
  });

  it('still refuses a malformed structure when the response arrives, not when it is read', () => {
    expect(() => attributesOf('BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" x 1)')).toThrow(
      expect.objectContaining({ code: ErrorCodes.PARSE }),
    );
  });
});
