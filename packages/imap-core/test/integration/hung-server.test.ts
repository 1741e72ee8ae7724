// A server that greets and then never answers, on a real loopback socket: the UI must never hang on it.
// close() rejects everything pending at once, and the response watchdog drops the connection by itself.

import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapClient } from '../../src/client.ts';
import { ErrorCodes } from '../../src/errors.ts';
import { connectTcp } from '../../src/node/index.ts';

describe('a server that stops answering', () => {
  let server: Server;
  let port = 0;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createServer(function greetThenIgnore(socket) {
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.write('* PREAUTH [CAPABILITY IMAP4rev1 IDLE] hello, and goodbye\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  async function connect(responseTimeoutMs?: number): Promise<ImapClient> {
    const transport = await connectTcp({ host: '127.0.0.1', port, tls: 'none' });
    return ImapClient.connect(transport, responseTimeoutMs === undefined ? {} : { responseTimeoutMs });
  }

  it('close() rejects every pending command at once', async () => {
    const client = await connect();
    const pending = [client.status('INBOX'), client.select('INBOX'), client.noop()].map((p) =>
      p.catch((e: unknown) => e),
    );
    client.close();
    for (const result of await Promise.all(pending)) {
      expect(result).toMatchObject({ code: ErrorCodes.ABORTED });
    }
  });

  it('the response watchdog rejects the pending command with IMAP_TIMEOUT and closes the socket', async () => {
    const client = await connect(100);
    const closed = new Promise((resolve) => client.on('close', resolve));
    await expect(client.status('INBOX')).rejects.toMatchObject({ code: ErrorCodes.TIMEOUT });
    expect(await closed).toMatchObject({ error: { code: ErrorCodes.TIMEOUT } });
    expect(client.state).toBe('logout');
  });
});
