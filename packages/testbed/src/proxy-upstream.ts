import type { DovecotServer, PostfixServer } from './types.ts';

/** The submission server of an upstream, in the shape of the proxy's `smtp` upstream config. */
export interface TestbedSmtpUpstream {
  host: string;
  port: number;
  tls: 'implicit' | 'starttls' | 'none';
  ca?: string;
  servername?: string;
}

/** How the proxy should reach a started Dovecot: implicit TLS, verified against the testbed's own CA. */
export interface TestbedUpstream {
  name: string;
  label: string;
  host: string;
  port: number;
  tls: 'implicit';
  ca: string;
  servername: string;
  /** Present when Postfix runs: submission over implicit TLS by default. */
  smtp?: TestbedSmtpUpstream;
  /** Present when Postfix runs: logins without '@' are `<login>@webmail.test`. */
  mailDomain?: string;
}

export interface ProxyUpstreamOptions {
  /** The Postfix to send through. Default: `server.smtp` (set by `startDovecot({ smtp })`). */
  smtp?: PostfixServer;
  /** Which submission port the relay uses. Default 'implicit' (submissionsPort). */
  smtpTls?: TestbedSmtpUpstream['tls'];
}

function smtpUpstream(smtp: PostfixServer, tls: TestbedSmtpUpstream['tls']): TestbedSmtpUpstream {
  if (tls === 'none') return { host: smtp.host, port: smtp.plainPort, tls };
  const port = tls === 'implicit' ? smtp.submissionsPort : smtp.submissionPort;
  return { host: smtp.host, port, tls, ca: smtp.caPem, servername: 'localhost' };
}

/**
 * The upstream entry for `startProxy()` that points at `server` (and its Postfix, if any), as the demo and
 * the browser tests use it.
 */
export function proxyUpstream(
  server: DovecotServer,
  name = 'demo',
  label = 'Demo mail',
  options: ProxyUpstreamOptions = {},
): TestbedUpstream {
  const upstream: TestbedUpstream = {
    name,
    label,
    host: server.host,
    port: server.imapsPort,
    tls: 'implicit',
    ca: server.caPem,
    servername: 'localhost',
  };
  const smtp = options.smtp ?? server.smtp;
  if (smtp === undefined) return upstream;
  return { ...upstream, smtp: smtpUpstream(smtp, options.smtpTls ?? 'implicit'), mailDomain: smtp.domain };
}
