import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RawSmtp } from './raw-smtp.ts';

// A scripted server: each entry is written as its own chunk, after the client's next write; everything the
// client sent is kept for inspection.
const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function scriptedServer(
  greeting: (string | Buffer)[],
  replies: (string | Buffer)[][],
): Promise<{ port: number; received: () => Buffer }> {
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    const writeChunks = async (chunks: (string | Buffer)[]): Promise<void> => {
      for (const chunk of chunks) {
        socket.write(chunk);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    void writeChunks(greeting);
    let turn = 0;
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      void writeChunks(replies[turn++] ?? []);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, received: () => Buffer.concat(received) };
}

describe('RawSmtp', () => {
  it('frames a multi-line reply split mid-line and inside a UTF-8 character', async () => {
    const reply = Buffer.from('250-mx.test\r\n250-SIZE 1000\r\n250 SMTPUTF8 好\r\n');
    const cut = reply.indexOf(Buffer.from('好')) + 1; // between the bytes of one character
    const { port } = await scriptedServer(
      ['220 mx.test ESMTP\r\n'],
      [[reply.subarray(0, 9), reply.subarray(9, cut), reply.subarray(cut)]],
    );
    const client = await RawSmtp.connect({ port });
    expect(client.greeting).toEqual({ code: 220, lines: ['mx.test ESMTP'], text: 'mx.test ESMTP' });
    const keywords = await client.ehlo();
    expect([...keywords]).toEqual([
      ['SIZE', '1000'],
      ['SMTPUTF8', '好'],
    ]);
    client.close();
  });

  it('dot-stuffs DATA and ends it with one final dot, whether or not the message ends in CRLF', async () => {
    const { port, received } = await scriptedServer(
      ['220 ready\r\n'],
      [['354 go\r\n'], ['250 queued\r\n'], ['354 go\r\n'], ['250 queued\r\n']],
    );
    const client = await RawSmtp.connect({ port });
    expect(await client.data('.first\r\n..two\r\nend\r\n')).toMatchObject({ code: 250, text: 'queued' });
    expect(await client.data('no newline')).toMatchObject({ code: 250 });
    expect(received().toString()).toBe(
      'DATA\r\n..first\r\n...two\r\nend\r\n.\r\nDATA\r\nno newline\r\n.\r\n',
    );
    client.close();
  });

  it('returns the reply to DATA when it is not 354, sending no message', async () => {
    const { port, received } = await scriptedServer(
      ['220 ready\r\n'],
      [['554 5.5.1 Error: no valid recipients\r\n']],
    );
    const client = await RawSmtp.connect({ port });
    expect(await client.data('Subject: x\r\n\r\n')).toMatchObject({ code: 554 });
    expect(received().toString()).toBe('DATA\r\n');
    client.close();
  });

  it('fails the waiting command on a line that is not a reply', async () => {
    const { port } = await scriptedServer(['220 ready\r\n'], [['hello there\r\n']]);
    const client = await RawSmtp.connect({ port });
    await expect(client.command('NOOP')).rejects.toThrow('malformed SMTP reply line: "hello there"');
    client.close();
  });
});
