import net from 'node:net';

/**
 * Asks the kernel for a free loopback port by binding port 0 and closing again. Another process can take the
 * port before Dovecot binds it, so callers retry the start on EADDRINUSE.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('listen on port 0 gave no port'))));
    });
  });
}

/** Distinct free ports: two probes in a row may return the same number once the first is closed. */
export async function findFreePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await findFreePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}
