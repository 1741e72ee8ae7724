// The client's COMPRESS=DEFLATE path end to end against a scripted server that really deflates (node:zlib, as
// Dovecot's imap_zlib does) and really inflates what we send: when COMPRESS is sent, what happens to the bytes
// behind its OK, a refusal, a logout whose BYE arrives compressed just before the close, and garbage.

import { constants, createDeflateRaw, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImapClient } from './client.ts';
import { logoutCommand } from './commands/logout.ts';
import { ErrorCodes } from './errors.ts';
import type { ConnectionError } from './errors.ts';
import type { Transport, TransportHandlers } from './transport.ts';
import { ManualTimers } from '../test/fixtures/fake-transport.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

type Reply =
  string | { readonly plain: string; readonly deflated: string } | { readonly garbage: Uint8Array };

/** A server that answers each command line with `answer(line, tag)` and compresses once COMPRESS got its OK. */
class DeflatingServer implements Transport {
  readonly secure = true;
  readonly lines: string[] = [];
  /** Every byte the client sent and received, as it crossed the wire. */
  wireIn = 0;
  closed = false;
  #handlers: TransportHandlers | null = null;
  #compressed = false;
  #pending = '';
  readonly #deflate = createDeflateRaw();
  /** Keeps replies in order: a deflated one waits for zlib's flush. */
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly capabilities: string,
    readonly answer: (line: string, tag: string) => Reply,
    /** Close right after answering LOGOUT, as Dovecot does, instead of waiting for the client to. */
    readonly closesOnLogout = false,
    readonly greeting = '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready\r\n',
  ) {}

  open(handlers: TransportHandlers): void {
    this.#handlers = handlers;
    this.#emit(encoder.encode(this.greeting));
  }

  send(bytes: Uint8Array): void {
    // Our client sends stored blocks only, each send() complete in itself.
    const plain = this.#compressed
      ? new Uint8Array(inflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }))
      : bytes;
    this.#pending += decoder.decode(plain);
    let end: number;
    while ((end = this.#pending.indexOf('\r\n')) >= 0) {
      const line = this.#pending.slice(0, end);
      this.#pending = this.#pending.slice(end + 2);
      this.lines.push(line);
      const tag = line.split(' ')[0] ?? '';
      if (/ AUTHENTICATE PLAIN /.test(line)) {
        this.#reply(`${tag} OK [CAPABILITY ${this.capabilities}] in\r\n`);
        continue;
      }
      const reply = this.answer(line, tag);
      if (typeof reply === 'string' || !('plain' in reply) || !/ COMPRESS DEFLATE$/.test(line)) {
        this.#reply(reply);
        if (this.closesOnLogout && / LOGOUT$/.test(line)) this.#queue = this.#queue.then(() => this.close());
        continue;
      }
      // RFC 4978 3: compression starts right after the OK's CRLF; here the deflated bytes share its chunk.
      this.#queue = this.#queue.then(async () => {
        const deflated = await this.#deflated(reply.deflated);
        this.#emit(new Uint8Array([...encoder.encode(reply.plain), ...deflated]));
      });
      this.#compressed = reply.plain.startsWith(`${tag} OK`);
    }
  }

  close(error: ConnectionError | null = null): void {
    if (this.closed) return;
    this.closed = true;
    this.#handlers?.close(error);
  }

  #reply(reply: Reply): void {
    this.#queue = this.#queue.then(async () => {
      if (typeof reply === 'object' && 'garbage' in reply) return this.#emit(reply.garbage);
      const text = typeof reply === 'string' ? reply : reply.plain;
      this.#emit(this.#compressed ? await this.#deflated(text) : encoder.encode(text));
    });
  }

  #deflated(text: string): Promise<Uint8Array> {
    const out: Buffer[] = [];
    const collect = (chunk: Buffer): number => out.push(chunk);
    this.#deflate.on('data', collect);
    this.#deflate.write(encoder.encode(text));
    return new Promise((resolve) =>
      this.#deflate.flush(constants.Z_SYNC_FLUSH, () => {
        this.#deflate.off('data', collect);
        resolve(new Uint8Array(Buffer.concat(out)));
      }),
    );
  }

  #emit(bytes: Uint8Array): void {
    this.wireIn += bytes.length;
    if (!this.closed) this.#handlers?.data(bytes);
  }
}

const COMPRESS_OK: Reply = {
  plain: '$tag OK DEFLATE active\r\n',
  deflated: '* OK [ALERT] hello, compressed\r\n',
};

function standardAnswers(compress: Reply = COMPRESS_OK) {
  return (line: string, tag: string): Reply => {
    if (/ COMPRESS DEFLATE$/.test(line)) {
      return typeof compress === 'object' && 'plain' in compress
        ? { plain: compress.plain.replace('$tag', tag), deflated: compress.deflated }
        : String(compress).replace('$tag', tag);
    }
    if (/ NOOP$/.test(line)) return `* 0 RECENT\r\n${tag} OK noop done\r\n`;
    if (/ LOGOUT$/.test(line)) return `* BYE logging out\r\n${tag} OK bye\r\n`;
    return `${tag} BAD unknown\r\n`;
  };
}

async function signedIn(server: DeflatingServer, compress = true): Promise<ImapClient> {
  const client = await ImapClient.connect(server, { timers: new ManualTimers(), compress });
  await client.login('u', 'p');
  return client;
}

describe('ImapClient with COMPRESS=DEFLATE', () => {
  it('sends COMPRESS DEFLATE right after login when offered, then speaks deflate both ways', async () => {
    const server = new DeflatingServer('IMAP4rev1 COMPRESS=DEFLATE', standardAnswers());
    const alerts: string[] = [];
    const client = await ImapClient.connect(server, { timers: new ManualTimers(), compress: true });
    client.on('alert', ({ text }) => alerts.push(text));
    await client.login('u', 'p');
    expect(server.lines.slice(1)).toEqual(['A2 COMPRESS DEFLATE']);
    expect(client.session.compressed).toBe(true);
    await client.noop();
    await client.noop();
    expect(server.lines.slice(2)).toEqual(['A3 NOOP', 'A4 NOOP']);
    // The untagged OK that shared the COMPRESS OK's chunk was inflated, not lost or misread.
    expect(alerts).toEqual(['hello, compressed']);
    await client.logout();
    expect(client.session.closeError).toBeNull();
  });

  it('compresses after a PREAUTH greeting too, before connect() hands the client out', async () => {
    const server = new DeflatingServer(
      'IMAP4rev1',
      standardAnswers(),
      false,
      '* PREAUTH [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] welcome back\r\n',
    );
    const client = await ImapClient.connect(server, { timers: new ManualTimers(), compress: true });
    expect(server.lines).toEqual(['A1 COMPRESS DEFLATE']);
    expect(client.session.compressed).toBe(true);
    await client.noop();
    expect(server.lines).toEqual(['A1 COMPRESS DEFLATE', 'A2 NOOP']);
  });

  it.each([
    ['the option is off', 'IMAP4rev1 COMPRESS=DEFLATE', false],
    ['the server does not offer it', 'IMAP4rev1', true],
  ])('does not compress when %s', async (_name, capabilities, compress) => {
    const server = new DeflatingServer(capabilities, standardAnswers());
    const client = await signedIn(server, compress);
    await client.noop();
    expect(server.lines.slice(1)).toEqual(['A2 NOOP']);
    expect(client.session.compressed).toBe(false);
  });

  it('goes on uncompressed after a NO to COMPRESS', async () => {
    const server = new DeflatingServer('IMAP4rev1 COMPRESS=DEFLATE', standardAnswers('$tag NO not now\r\n'));
    const client = await signedIn(server);
    await client.noop();
    expect(server.lines.slice(1)).toEqual(['A2 COMPRESS DEFLATE', 'A3 NOOP']);
    expect(client.session.compressed).toBe(false);
  });

  it('reads a compressed BYE and OK that arrive just before the server closes: a clean logout', async () => {
    const server = new DeflatingServer('IMAP4rev1 COMPRESS=DEFLATE', standardAnswers(), true);
    const client = await signedIn(server);
    const closed = new Promise((resolve) => client.on('close', ({ error }) => resolve(error)));
    const completed: string[] = [];
    client.on('completed', ({ name, status }) => completed.push(`${name} ${status}`));
    await client.session.execute(logoutCommand()).result;
    expect(await closed).toBeNull();
    expect(completed).toEqual(['LOGOUT OK']);
  });

  it('closes at the frame limit when a few compressed bytes inflate to a huge line (a deflate bomb)', async () => {
    const line = `* OK ${'a'.repeat(8_000_000)}`;
    const server = new DeflatingServer('IMAP4rev1 COMPRESS=DEFLATE', (command, tag) =>
      / NOOP$/.test(command)
        ? { plain: `${line}\r\n${tag} OK\r\n`, deflated: '' }
        : standardAnswers()(command, tag),
    );
    const client = await ImapClient.connect(server, {
      timers: new ManualTimers(),
      compress: true,
      frameLimits: { maxLineLength: 1_000_000 },
    });
    await client.login('u', 'p');
    const before = server.wireIn;
    await expect(client.noop()).rejects.toMatchObject({ code: ErrorCodes.LINE_TOO_LONG });
    expect(server.wireIn - before).toBeLessThan(100_000);
    expect(server.closed).toBe(true);
  });

  it('closes with IMAP_COMPRESSION when the server sends bytes that do not inflate', async () => {
    const server = new DeflatingServer('IMAP4rev1 COMPRESS=DEFLATE', (line, tag) =>
      / NOOP$/.test(line)
        ? { garbage: encoder.encode(`${tag} OK not deflate\r\n`) }
        : standardAnswers()(line, tag),
    );
    const client = await signedIn(server);
    await expect(client.noop()).rejects.toMatchObject({ code: ErrorCodes.COMPRESSION });
    expect(client.session.closed).toBe(true);
    expect(server.closed).toBe(true);
  });
});
