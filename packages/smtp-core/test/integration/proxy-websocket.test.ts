// The browser's path end to end: SmtpClient over imap-core's connectWebSocket, through a real proxy's
// /smtp/<upstream>, to a submission server on loopback. What is under test is the path, not SMTP: a message
// of several MB must cross in WebSocket messages the proxy accepts (2 MiB each at most), arrive unchanged once
// un-stuffed, and a cut behind the proxy must still be told apart before and after the final dot. The
// testbed on main has no SMTP server yet, so a minimal sink stands in for one (the Postfix test comes with
// the testbed's startPostfix).
//
// Node 20 has no global WebSocket: ws's stands in for the browser's, sending the Origin a browser would.

import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { connectWebSocket } from '@webmail/imap-core';
import type { WebSocketConstructor } from '@webmail/imap-core';
import { startProxy } from '@webmail/proxy';
import type { RunningProxy } from '@webmail/proxy';
import { smtpWebSocketUrl } from '@webmail/relay-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SmtpClient } from '../../src/client.ts';
import { SmtpErrorCodes } from '../../src/errors.ts';

const ORIGIN = 'https://mail.test';

class BrowserWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: ORIGIN, perMessageDeflate: false });
  }
}
const BrowserWebSocketConstructor = BrowserWebSocket as unknown as WebSocketConstructor;

/** What the sink does at the final dot: queue the message, or drop the connection without a word. */
type AtFinalDot = 'queue' | 'cut';

interface Sink {
  readonly server: Server;
  readonly port: number;
  /** Each message as received, un-stuffed (RFC 5321 4.5.2). */
  readonly messages: string[];
  atFinalDot: AtFinalDot;
}

async function startSink(): Promise<Sink> {
  const sockets: Socket[] = [];
  const sink = { messages: [] as string[], atFinalDot: 'queue' as AtFinalDot } as Sink & { port: number };
  const server = createServer(function submission(socket) {
    sockets.push(socket);
    socket.on('error', () => undefined);
    let buffer = '';
    let data: string[] | null = null;
    socket.on('data', function readLines(chunk) {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line !== '.') data.push(line.startsWith('.') ? line.slice(1) : line);
          else {
            sink.messages.push(data.map((l) => `${l}\r\n`).join(''));
            data = null;
            if (sink.atFinalDot === 'cut') socket.destroy();
            else socket.write('250 2.0.0 Ok: queued\r\n');
          }
        } else if (line.startsWith('EHLO')) {
          socket.write(
            '250-sink.test\r\n250-PIPELINING\r\n250-SIZE 20000000\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n',
          );
        } else if (line === 'DATA') {
          data = [];
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else socket.write(line === 'QUIT' ? '221 2.0.0 Bye\r\n' : '250 2.1.0 Ok\r\n');
      }
    });
    socket.write('220 sink.test ESMTP\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  return Object.assign(sink, { server, port: (server.address() as { port: number }).port });
}

describe('SmtpClient over the proxy WebSocket', () => {
  let sink: Sink;
  let proxy: RunningProxy;

  beforeAll(async () => {
    sink = await startSink();
    proxy = await startProxy(
      {
        listen: { host: '127.0.0.1', port: 0 },
        allowedOrigins: [ORIGIN],
        upstreams: [
          {
            name: 'main',
            host: '127.0.0.1',
            port: 9,
            tls: 'none',
            smtp: { host: '127.0.0.1', port: sink.port, tls: 'none' },
          },
        ],
        timeouts: { connectMs: 5_000, setupMs: 5_000, shutdownGraceMs: 500 },
      },
      { log: () => undefined },
    );
  });
  afterAll(async () => {
    await proxy?.close();
    await new Promise((resolve) => sink?.server.close(resolve));
  });

  async function open(): Promise<SmtpClient> {
    const url = smtpWebSocketUrl(proxy.url, 'main');
    const transport = await connectWebSocket(url, { WebSocket: BrowserWebSocketConstructor });
    return SmtpClient.connect(transport);
  }

  /** 6 MB: UTF-8, lines that start with a dot, a bare LF; several BODY_PIECEs and more than one proxy message. */
  const text = `Subject: =?UTF-8?B?0J/RgNC40LLQtdGC?=\r\n\r\n${'Привет, 你好\r\n.a dot\r\n..two\r\n'.repeat(170_000)}end\nlast`;
  const expected = `${text.replace(/\r\n|\n/g, '\r\n')}\r\n`;

  it('sends a 6 MB message whole: the sink reads back exactly its lines', async () => {
    sink.atFinalDot = 'queue';
    const client = await open();
    expect(client.supports('SMTPUTF8')).toBe(true);
    const data = new TextEncoder().encode(text);
    expect(data.length).toBeGreaterThan(6_000_000);
    const result = await client.send({ from: 'alice@example.test', recipients: ['bob@example.test'] }, data);
    expect(result).toMatchObject({ accepted: ['bob@example.test'], reply: { code: 250 } });
    expect(Buffer.from(sink.messages.at(-1) ?? '', 'latin1').toString('utf8')).toBe(expected);
    await client.quit();
  });

  it('a submission server that drops the connection at the final dot: SMTP_OUTCOME_UNKNOWN through the proxy', async () => {
    sink.atFinalDot = 'cut';
    const client = await open();
    const data = new TextEncoder().encode('Subject: x\r\n\r\ncut at the dot\r\n');
    await expect(
      client.send({ from: 'alice@example.test', recipients: ['bob@example.test'] }, data),
    ).rejects.toMatchObject({
      code: SmtpErrorCodes.OUTCOME_UNKNOWN,
      cause: { code: SmtpErrorCodes.CONNECTION_CLOSED, transportCode: 4013 },
    });
  });
});
