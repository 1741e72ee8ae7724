import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../src/dovecot.ts';
import type { DovecotServer } from '../src/types.ts';
import { login } from './support/imap.ts';

// The `metadata` option: IMAP METADATA (RFC 5464) on a real Dovecot 2.3.19, and what it does with the RFC 6154
// section 4 entry /private/specialuse, which a client sets to name a folder's role on a server without
// SPECIAL-USE attributes of its own.

const capabilitiesIn = (text: string): string[] =>
  (/CAPABILITY ([^\]\r\n]*)/.exec(text)?.[1] ?? '').split(' ').filter(Boolean);

describe.each([
  { variant: 'full' as const, trash: 'Trash', sent: 'Sent', specialUse: ['{6}', '\\Trash'] },
  {
    variant: 'cyrus' as const,
    trash: '"INBOX/Deleted Items"',
    sent: '"INBOX/Sent Items"',
    specialUse: ['NIL'],
  },
])('metadata: true in the $variant variant', ({ variant, trash, sent, specialUse }) => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ variant, metadata: true, corpus: true });
  });
  afterAll(() => server?.stop());

  it('advertises METADATA after login', async () => {
    const client = await login(server);
    const listed = capabilitiesIn((await client.ok('CAPABILITY')).untagged[0]?.text ?? '');
    expect(listed).toContain('METADATA');
    client.close();
  });

  it('answers /private/specialuse from its own configuration (NIL where it has none)', async () => {
    const client = await login(server);
    const answer = await client.ok(`GETMETADATA ${trash} /private/specialuse`);
    const [value, literal] = specialUse;
    expect(answer.untagged.map((response) => response.text)).toEqual([
      `* METADATA ${trash} (/private/specialuse ${value})`,
    ]);
    expect(answer.untagged[0]?.literals.map(String)).toEqual(literal === undefined ? [] : [literal]);
    client.close();
  });

  it('refuses to set /private/specialuse, and keeps other private entries', async () => {
    const client = await login(server);
    const refused = await client.command(`SETMETADATA ${sent} (/private/specialuse "\\\\Trash")`);
    expect(refused.status).toBe('NO');
    expect(refused.completion).toContain('[CANNOT] The /private/specialuse attribute cannot be changed');
    await client.ok(`SETMETADATA ${sent} (/private/comment "kept")`);
    const read = await client.ok(`GETMETADATA ${sent} /private/comment`);
    expect(read.untagged.map((response) => response.text)).toEqual([
      `* METADATA ${sent} (/private/comment {4})`,
    ]);
    expect(read.untagged[0]?.literals.map(String)).toEqual(['kept']);
    client.close();
  });
});

describe('without the metadata option', () => {
  it('advertises no METADATA and refuses GETMETADATA', async () => {
    const server = await startDovecot({ variant: 'cyrus' });
    try {
      const client = await login(server);
      const listed = capabilitiesIn((await client.ok('CAPABILITY')).untagged[0]?.text ?? '');
      expect(listed).not.toContain('METADATA');
      expect((await client.command('GETMETADATA "" /private/comment')).status).not.toBe('OK');
      client.close();
    } finally {
      await server.stop();
    }
  });
});
