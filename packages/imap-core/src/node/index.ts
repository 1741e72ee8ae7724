// The Node-only entry point (@webmail/imap-core/node): never imported by the browser bundle.

export { connectTcp, DEFAULT_CONNECT_TIMEOUT_MS } from './tcp-transport.ts';
export type { TcpTransportOptions } from './tcp-transport.ts';
