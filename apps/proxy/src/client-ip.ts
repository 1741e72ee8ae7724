import { BlockList, isIP } from 'node:net';

// Which address a session belongs to, for limits, logs and PROXY protocol. X-Forwarded-For is only
// believed when the TCP peer is a configured reverse proxy, and then read from the right: each trusted
// hop appends the address it saw, so the first untrusted address from the right is the client's. Anything
// left of it was written by the client and may be forged.

export function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export class ClientAddressResolver {
  readonly #trusted = new BlockList();
  readonly #enabled: boolean;

  constructor(trustedProxies: readonly string[]) {
    this.#enabled = trustedProxies.length > 0;
    for (const entry of trustedProxies) {
      const [address = '', bits] = entry.split('/');
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.#trusted.addAddress(address, type);
      else this.#trusted.addSubnet(address, Number(bits), type);
    }
  }

  #isTrusted(address: string): boolean {
    const family = isIP(address);
    if (family === 0) return false;
    return this.#trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** The client's address given the TCP peer and the request's X-Forwarded-For header(s). */
  resolve(peer: string, forwardedFor: string | string[] | undefined): string {
    let client = unmapIPv4(peer);
    if (!this.#enabled || forwardedFor === undefined || !this.#isTrusted(client)) return client;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = unmapIPv4((hops[i] ?? '').trim());
      // A malformed entry ends the walk: the last address a trusted hop vouched for stands.
      if (isIP(hop) === 0) return client;
      client = hop;
      if (!this.#isTrusted(hop)) return hop;
    }
    return client;
  }
}

/** The eight 16-bit groups of an IPv6 address in text form (`::` expanded). */
export function ipv6Groups(address: string): number[] {
  const [head = '', tail = ''] = address.split('::', 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [
        ...headGroups,
        ...new Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
        ...tailGroups,
      ]
    : headGroups;
  return groups.map((group) => Number.parseInt(group, 16));
}

/** The key limits count by: the address for IPv4, the /64 network for IPv6 (one host owns a /64). */
export function limitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return (
    ipv6Groups(address)
      .slice(0, 4)
      .map((group) => group.toString(16))
      .join(':') + '::/64'
  );
}
