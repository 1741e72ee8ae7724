import { isIP } from 'node:net';
import { ipv6Groups, unmapIPv4 } from './client-ip.ts';

// PROXY protocol version 2 (haproxy's proxy-protocol.txt §2.2): a binary header sent first on the
// upstream connection, before TLS, naming the browser's address. Dovecot accepts it from
// `haproxy_trusted_networks` and then applies its per-IP auth penalties to the real user, not to us.

const SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const VERSION_2_PROXY = 0x21;
const TCP_OVER_IPV4 = 0x11;
const TCP_OVER_IPV6 = 0x21;

export interface ProxiedConnection {
  sourceAddress: string;
  sourcePort: number;
  destinationAddress: string;
  destinationPort: number;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

function ipv6Bytes(address: string): number[] {
  const v4 = unmapIPv4(address);
  if (isIP(v4) === 4) return [...new Array<number>(10).fill(0), 0xff, 0xff, ...ipv4Bytes(v4)];
  return ipv6Groups(address).flatMap((group) => [group >> 8, group & 0xff]);
}

/** The header for one connection; both addresses IPv4 when both are, else both as IPv6. */
export function encodeProxyV2Header(connection: ProxiedConnection): Buffer {
  const source = unmapIPv4(connection.sourceAddress);
  const destination = unmapIPv4(connection.destinationAddress);
  const bothV4 = isIP(source) === 4 && isIP(destination) === 4;
  const addresses = bothV4
    ? [...ipv4Bytes(source), ...ipv4Bytes(destination)]
    : [...ipv6Bytes(source), ...ipv6Bytes(destination)];
  const length = addresses.length + 4;
  const header = Buffer.alloc(SIGNATURE.length + 4 + length);
  SIGNATURE.copy(header, 0);
  header[12] = VERSION_2_PROXY;
  header[13] = bothV4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6;
  header.writeUInt16BE(length, 14);
  Buffer.from(addresses).copy(header, 16);
  header.writeUInt16BE(connection.sourcePort, 16 + addresses.length);
  header.writeUInt16BE(connection.destinationPort, 18 + addresses.length);
  return header;
}
