import { describe, expect, it } from 'vitest';
import { decodeBytes, decoderFor } from './charsets.ts';

// ESC $ B <JIS X 0208 for 日本> ESC ( B
const NIHON = new Uint8Array([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42]);

describe('decoderFor', () => {
  it('shares one decoder per stateless charset, whatever the label case', () => {
    expect(decoderFor('GBK')).toBe(decoderFor('gbk'));
  });

  it('gives a fresh ISO-2022-JP decoder each time, under any of its labels', () => {
    expect(decoderFor('iso-2022-jp')).not.toBe(decoderFor('iso-2022-jp'));
    expect(decoderFor('csISO2022JP')).not.toBe(decoderFor('csISO2022JP'));
  });

  it('knows no decoder for an unknown charset', () => {
    expect(decoderFor('x-no-such-charset')).toBeNull();
  });
});

describe('decodeBytes', () => {
  it('decodes two ISO-2022-JP headers in a row alike', () => {
    expect(decodeBytes(NIHON, 'iso-2022-jp')).toBe('日本');
    expect(decodeBytes(NIHON, 'iso-2022-jp')).toBe('日本');
  });
});
