import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { quoted, RawImap } from './raw-imap.ts';

// A scripted server: each entry is written as its own chunk, after the client's next command line.
const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function scriptedServer(greeting: string[], replies: string[][]): Promise<number> {
  const server = net.createServer((socket) => {
    const writeChunks = async (chunks: string[]): Promise<void> => {
      for (const chunk of chunks) {
        socket.write(chunk);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    void writeChunks(greeting);
    let turn = 0;
    socket.on('data', () => void writeChunks(replies[turn++] ?? []));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

describe('RawImap', () => {
  it('skips Dovecot\'s "Waiting for authentication" line and keeps the real greeting', async () => {
    const port = await scriptedServer(
      ['* OK Waiting for authentication process to respond..\r\n', '* OK [CAPABILITY IMAP4rev1] ready\r\n'],
      [],
    );
    const client = await RawImap.connect({ port });
    expect(client.greeting.text).toBe('* OK [CAPABILITY IMAP4rev1] ready');
    client.close();
  });

  it('frames a literal split across chunks, with CRLF inside the literal', async () => {
    const port = await scriptedServer(
      ['* OK ready\r\n'],
      [['* 1 FETCH (BODY[] {12}\r\nab\r', '\ncd\r\n', 'efgh)\r\n', 'T1 OK done\r\n']],
    );
    const client = await RawImap.connect({ port });
    const result = await client.command('FETCH 1 BODY[]');
    expect(result.status).toBe('OK');
    expect(result.untagged).toHaveLength(1);
    expect(result.untagged[0]?.text).toBe('* 1 FETCH (BODY[] {12})');
    expect(result.untagged[0]?.literals[0]?.toString()).toBe('ab\r\ncd\r\nefgh');
    client.close();
  });

  it('reports NO and BAD completions and rejects waits when the server hangs up', async () => {
    const port = await scriptedServer(
      ['* OK ready\r\n'],
      [['T1 NO [AUTHENTICATIONFAILED] nope\r\n'], ['T2 BAD what\r\n']],
    );
    const client = await RawImap.connect({ port, timeoutMs: 200 });
    expect(await client.command('LOGIN a b')).toMatchObject({
      status: 'NO',
      completion: 'NO [AUTHENTICATIONFAILED] nope',
    });
    await expect(client.ok('NOOP')).rejects.toThrow(/NOOP failed: BAD what/);
    await expect(client.next()).rejects.toThrow(/no IMAP response within 200 ms/);
    client.close();
  });

  it('quotes strings with backslashes and double quotes, and refuses line breaks', () => {
    expect(quoted('pa"ss\\word')).toBe('"pa\\"ss\\\\word"');
    expect(() => quoted('a\r\nb')).toThrow();
  });
});
