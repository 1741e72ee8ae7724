import { describe, expect, it } from 'vitest';
import { ClientAddressResolver, limitKey } from './client-ip.ts';

describe('ClientAddressResolver', () => {
  const resolver = new ClientAddressResolver(['127.0.0.1', '10.0.0.0/8']);

  it.each([
    ['an untrusted peer, whatever it claims', '198.51.100.9', '1.2.3.4', '198.51.100.9'],
    ['a trusted peer without the header', '127.0.0.1', undefined, '127.0.0.1'],
    ['a trusted peer naming the client', '127.0.0.1', '203.0.113.5', '203.0.113.5'],
    [
      'the rightmost untrusted hop, not a forged left one',
      '127.0.0.1',
      '6.6.6.6, 203.0.113.5',
      '203.0.113.5',
    ],
    ['through two trusted hops', '127.0.0.1', '203.0.113.5, 10.1.2.3', '203.0.113.5'],
    ['the last vouched address when a hop is malformed', '127.0.0.1', 'junk, 10.1.2.3', '10.1.2.3'],
    ['IPv4-mapped peers as IPv4', '::ffff:127.0.0.1', '203.0.113.5', '203.0.113.5'],
  ])('resolves %s', (_name, peer, header, expected) => {
    expect(resolver.resolve(peer, header)).toBe(expected);
  });

  it('ignores the header entirely when no proxy is trusted', () => {
    expect(new ClientAddressResolver([]).resolve('127.0.0.1', '203.0.113.5')).toBe('127.0.0.1');
  });
});

describe('limitKey', () => {
  it.each([
    ['203.0.113.5', '203.0.113.5'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::ffff', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('keys %s as %s', (address, key) => {
    expect(limitKey(address)).toBe(key);
  });
});
