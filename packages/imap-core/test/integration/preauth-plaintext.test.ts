// A loopback server that greets with PREAUTH, reached by the Node transport set to STARTTLS: the session must
// be refused before any byte of ours goes out (a real server will not send this to order, so it is scripted).

import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapClient } from '../../src/client.ts';
import { ErrorCodes } from '../../src/errors.ts';
import { connectTcp } from '../../src/node/index.ts';

describe('PREAUTH on a connection that must be encrypted', () => {
  let server: Server;
  let port = 0;
  const received: string[] = [];
  const closed: Promise<void>[] = [];
  beforeAll(async () => {
    server = createServer(function greetPreauthenticated(socket: Socket) {
      socket.on('error', () => undefined);
      socket.on('data', (bytes) => received.push(bytes.toString('latin1')));
      closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
      socket.write('* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS IDLE] already logged in as you\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('is refused with IMAP_TLS, nothing sent, the socket closed', async () => {
    const transport = await connectTcp({ host: '127.0.0.1', port, tls: 'starttls' });
    await expect(ImapClient.connect(transport)).rejects.toMatchObject({ code: ErrorCodes.TLS });
    await closed.at(-1);
    expect(received.join('')).toBe('');
  });

  it('is taken when the transport was set to plaintext on purpose (tls: none)', async () => {
    const transport = await connectTcp({ host: '127.0.0.1', port, tls: 'none' });
    const client = await ImapClient.connect(transport);
    expect(client.state).toBe('authenticated');
    client.close();
  });
});
