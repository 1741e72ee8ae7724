// The client never hands out a session over a transport that must be encrypted and is not, whatever the server
// greets with. With the Node transport set to STARTTLS, a "* PREAUTH" greeting used to be accepted and the
// whole session ran in plaintext.

import { describe, expect, it } from 'vitest';
import { ImapClient } from './client.ts';
import type { ClientOptions } from './client.ts';
import { ErrorCodes } from './errors.ts';
import { FakeTransport, ManualTimers } from '../test/fixtures/fake-transport.ts';
import type { Rule } from '../test/fixtures/fake-transport.ts';

const rules: Rule[] = [
  { match: / CAPABILITY$/, reply: '* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\n$tag OK\r\n' },
  { match: / STARTTLS$/, reply: '$tag OK begin TLS\r\n' },
  { match: / NOOP$/, reply: '$tag OK\r\n' },
];

/** A plaintext transport that can upgrade (or, with `upgrades: false`, claims to and stays plaintext). */
class PlainTransport extends FakeTransport {
  readonly requiresTls: boolean;
  readonly #upgrades: boolean;

  constructor(greeting: string, options: { requiresTls: boolean; upgrades?: boolean }) {
    super(greeting, rules);
    this.requiresTls = options.requiresTls;
    this.#upgrades = options.upgrades ?? true;
    this.secure = false;
  }

  startTls(): Promise<void> {
    if (this.#upgrades) this.secure = true;
    return Promise.resolve();
  }
}

function connect(transport: FakeTransport, options: ClientOptions = {}): Promise<ImapClient> {
  return ImapClient.connect(transport, { timers: new ManualTimers(), ...options });
}

describe('ImapClient TLS policy', () => {
  it.each([
    [
      'a PREAUTH greeting on a transport set to STARTTLS (the report)',
      '* PREAUTH [CAPABILITY IMAP4rev1] hi',
      {},
    ],
    ['a PREAUTH greeting without capabilities', '* PREAUTH ready', {}],
    ['a PREAUTH greeting offering STARTTLS', '* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] hi', {}],
    [
      'an OK greeting with STARTTLS turned off by the caller',
      '* OK [CAPABILITY IMAP4rev1 STARTTLS] hi',
      { startTls: 'never' },
    ],
    ['a PREAUTH greeting with STARTTLS turned off by the caller', '* PREAUTH hi', { startTls: 'never' }],
  ] as const)('refuses %s, sending nothing', async (_name, greeting, options) => {
    const transport = new PlainTransport(`${greeting}\r\n`, { requiresTls: true });
    await expect(connect(transport, options)).rejects.toMatchObject({ code: ErrorCodes.TLS });
    expect(transport.lines.filter((line) => !/ CAPABILITY$/.test(line))).toEqual([]);
    expect(transport.closed).toBe(true);
  });

  it('refuses PREAUTH when the caller requires STARTTLS of a transport that does not insist on it', async () => {
    const transport = new PlainTransport('* PREAUTH hi\r\n', { requiresTls: false });
    await expect(connect(transport, { startTls: 'required' })).rejects.toMatchObject({
      code: ErrorCodes.TLS,
    });
    expect(transport.closed).toBe(true);
  });

  it('refuses a transport that completes STARTTLS and is still not encrypted', async () => {
    const transport = new PlainTransport('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n', {
      requiresTls: true,
      upgrades: false,
    });
    await expect(connect(transport)).rejects.toMatchObject({ code: ErrorCodes.TLS });
    expect(transport.lines).toEqual(['A1 STARTTLS']);
  });

  it('upgrades an OK greeting with STARTTLS, then goes on', async () => {
    const transport = new PlainTransport('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n', {
      requiresTls: true,
    });
    const client = await connect(transport);
    expect(transport.secure).toBe(true);
    expect(transport.lines).toEqual(['A1 STARTTLS', 'A2 CAPABILITY']);
    await client.noop();
  });

  it('takes PREAUTH on a transport already encrypted, and on one nobody asked to encrypt', async () => {
    const encrypted = new FakeTransport('* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n', rules);
    expect((await connect(encrypted)).state).toBe('authenticated');
    const plain = Object.assign(new FakeTransport('* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n', rules), {
      secure: false,
    });
    expect((await connect(plain)).state).toBe('authenticated');
  });
});
