import { describe, expect, it } from 'vitest';
import { encodeProxyV2Header } from './proxy-protocol.ts';

const SIGNATURE = '0d0a0d0a000d0a515549540a';

describe('encodeProxyV2Header', () => {
  it('encodes TCP over IPv4 (haproxy proxy-protocol.txt §2.2)', () => {
    const header = encodeProxyV2Header({
      sourceAddress: '203.0.113.7',
      sourcePort: 51_000,
      destinationAddress: '127.0.0.1',
      destinationPort: 8080,
    });
    expect(header.toString('hex')).toBe(`${SIGNATURE}2111000ccb0071077f000001c7381f90`);
  });

  it('unmaps IPv4-mapped IPv6 addresses', () => {
    const header = encodeProxyV2Header({
      sourceAddress: '::ffff:203.0.113.7',
      sourcePort: 1,
      destinationAddress: '::ffff:127.0.0.1',
      destinationPort: 2,
    });
    expect(header[13]).toBe(0x11);
    expect(header.length).toBe(16 + 12);
  });

  it('encodes TCP over IPv6, mapping an IPv4 side when the families differ', () => {
    const header = encodeProxyV2Header({
      sourceAddress: '2001:db8::1',
      sourcePort: 443,
      destinationAddress: '127.0.0.1',
      destinationPort: 993,
    });
    expect(header[13]).toBe(0x21);
    expect(header.readUInt16BE(14)).toBe(36);
    expect(header.subarray(16, 32).toString('hex')).toBe('20010db8000000000000000000000001');
    expect(header.subarray(32, 48).toString('hex')).toBe('00000000000000000000ffff7f000001');
    expect(header.readUInt16BE(48)).toBe(443);
    expect(header.readUInt16BE(50)).toBe(993);
  });
});
