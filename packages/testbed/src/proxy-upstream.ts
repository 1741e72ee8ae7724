import type { DovecotServer } from './types.ts';

/** How the proxy should reach a started Dovecot: implicit TLS, verified against the testbed's own CA. */
export interface TestbedUpstream {
  name: string;
  label: string;
  host: string;
  port: number;
  tls: 'implicit';
  ca: string;
  servername: string;
}

/** The upstream entry for `startProxy()` that points at `server`, as the demo and the browser tests use it. */
export function proxyUpstream(server: DovecotServer, name = 'demo', label = 'Demo mail'): TestbedUpstream {
  return {
    name,
    label,
    host: server.host,
    port: server.imapsPort,
    tls: 'implicit',
    ca: server.caPem,
    servername: 'localhost',
  };
}
