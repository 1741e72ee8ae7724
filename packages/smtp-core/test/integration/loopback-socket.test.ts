// Hostile servers a real one will not be, on real loopback sockets through imap-core's Node transport (real
// TCP, real TLS after STARTTLS, real timers): the watchdog, the STARTTLS injection, an untrusted certificate,
// and a cut after the final dot. Each server answers from a script of its own, line by line.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { connectTcp } from '@webmail/imap-core/node';
import { createCertificateAuthority, issueCertificate } from '@webmail/testbed';
import type { CertificateFiles } from '@webmail/testbed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpClient } from '../../src/client.ts';
import type { SmtpClientOptions } from '../../src/client.ts';
import { SmtpErrorCodes } from '../../src/errors.ts';

type Script = (line: string, socket: Socket) => void;

const EHLO = '250-localhost\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n';

describe('hostile servers on loopback sockets', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  let dir = '';
  let ca: CertificateFiles;
  let untrusted: CertificateFiles;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'smtp-core-loopback-'));
    ca = await createCertificateAuthority(dir);
    untrusted = await issueCertificate(ca, dir, { names: ['localhost'], selfSigned: true, basename: 'self' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    await rm(dir, { recursive: true, force: true });
  });

  /** A server that greets, then hands each line the client sends to `script`. */
  async function serve(script: Script): Promise<number> {
    const server = createServer(function greet(socket) {
      sockets.push(socket);
      socket.on('error', () => undefined);
      let buffer = '';
      socket.on('data', function readLines(chunk) {
        buffer += chunk.toString('latin1');
        for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          script(line, socket);
        }
      });
      socket.write('220 localhost ESMTP test\r\n');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  async function connect(port: number, options: SmtpClientOptions = {}): Promise<SmtpClient> {
    const transport = await connectTcp({
      host: '127.0.0.1',
      port,
      tls: 'starttls',
      ca: ca.certPem,
      servername: 'localhost',
    });
    return SmtpClient.connect(transport, options);
  }

  it('a server that stops answering: the watchdog drops it with SMTP_TIMEOUT', async () => {
    const port = await serve((line, socket) => {
      if (line.startsWith('EHLO')) socket.write('250-localhost\r\n250 PIPELINING\r\n');
    });
    const client = await connect(port, { startTls: 'never', responseTimeoutMs: 100 });
    const closed = new Promise((resolve) => client.on('close', resolve));
    await expect(
      client.send({ from: 'a@x.org', recipients: ['b@x.org'] }, new Uint8Array(3)),
    ).rejects.toMatchObject({
      code: SmtpErrorCodes.TIMEOUT,
    });
    expect(await closed).toMatchObject({ error: { code: SmtpErrorCodes.TIMEOUT } });
  });

  it('bytes injected with the STARTTLS 220: SMTP_TLS, and no EHLO is answered by them', async () => {
    const port = await serve((line, socket) => {
      if (line.startsWith('EHLO')) socket.write(EHLO);
      if (line === 'STARTTLS') socket.write('220 2.0.0 Ready\r\n250-localhost\r\n250 AUTH PLAIN\r\n');
    });
    await expect(connect(port)).rejects.toMatchObject({ code: SmtpErrorCodes.TLS });
  });

  it('a certificate the client does not trust: SMTP_TLS naming the reason', async () => {
    const port = await serve((line, socket) => {
      if (line.startsWith('EHLO')) socket.write(EHLO);
      if (line === 'STARTTLS') {
        socket.removeAllListeners('data');
        socket.write('220 2.0.0 Ready\r\n', () => {
          const secure = new TLSSocket(socket, {
            isServer: true,
            cert: untrusted.certPem,
            key: untrusted.keyPem,
          });
          secure.on('error', () => undefined);
        });
      }
    });
    const error = await connect(port).catch((e: Error) => e);
    expect(error).toMatchObject({ code: SmtpErrorCodes.TLS });
    expect((error as Error).message).toMatch(/certificate/i);
  });

  it('a cut after the final dot: SMTP_OUTCOME_UNKNOWN', async () => {
    let inData = false;
    const port = await serve((line, socket) => {
      if (inData) {
        if (line === '.') socket.destroy();
        return;
      }
      if (line.startsWith('EHLO')) socket.write('250-localhost\r\n250 PIPELINING\r\n');
      else if (line.startsWith('MAIL') || line.startsWith('RCPT')) socket.write('250 ok\r\n');
      else if (line === 'DATA') {
        inData = true;
        socket.write('354 go\r\n');
      }
    });
    const client = await connect(port, { startTls: 'never' });
    const data = new TextEncoder().encode(`Subject: x\r\n\r\n${'line\r\n'.repeat(50_000)}`);
    await expect(client.send({ from: 'a@x.org', recipients: ['b@x.org'] }, data)).rejects.toMatchObject({
      code: SmtpErrorCodes.OUTCOME_UNKNOWN,
    });
  });
});
