import { buildCorpus } from '@webmail/testbed';
import { describe, expect, it } from 'vitest';
import { prepareRaw } from './prepare-raw.ts';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const corpus = (id: string): Uint8Array => buildCorpus().find((m) => m.id === id)!.raw;

describe('preparing raw mail for postal-mime', () => {
  it('leaves a well-formed message byte for byte', () => {
    const raw = corpus('gbk-b-subject');
    expect(prepareRaw(raw).raw).toBe(raw);
  });

  it('decodes raw 8-bit GBK header lines with the charset the body declares', () => {
    const prepared = prepareRaw(corpus('gbk-raw-8bit-subject'));
    expect(prepared.headerCharset).toBe('gbk');
    expect(text(prepared.raw)).toContain('Subject: 第三季度财务报表（请查收）');
  });

  it('keeps raw UTF-8 header lines as they are', () => {
    const raw = corpus('malformed-8bit-utf8-headers');
    expect(prepareRaw(raw).headerCharset).toBeNull();
  });

  it('replaces the charset of every text part when re-decoding, and only of text parts', () => {
    const prepared = prepareRaw(corpus('gbk-attachments-project'), { charset: 'gb18030' });
    const out = text(prepared.raw);
    expect(out).toMatch(/Content-Type: text\/plain; charset="gb18030"/);
    expect(out).toContain('application/pdf');
  });

  it('hides format=flowed from postal-mime when the text is one flowed part', () => {
    const prepared = prepareRaw(corpus('flowed-delsp'));
    expect(prepared.flowed).toEqual({ delSp: true });
    expect(text(prepared.raw)).toMatch(/format=fixed/);
  });
});
