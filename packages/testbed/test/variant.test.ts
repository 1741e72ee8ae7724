import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../src/dovecot.ts';
import { RawImap } from '../src/raw-imap.ts';
import type { DovecotServer } from '../src/types.ts';
import { login } from './support/imap.ts';

let server: DovecotServer;

beforeAll(async () => {
  server = await startDovecot({ variant: 'no-move-uidplus' });
});
afterAll(() => server?.stop());

const capabilitiesIn = (text: string): string[] => /CAPABILITY ([^\]]*)/.exec(text)?.[1]?.split(' ') ?? [];

describe("the 'no-move-uidplus' variant", () => {
  it('advertises neither MOVE nor UIDPLUS before or after login, but keeps the rest', async () => {
    const client = await RawImap.connect({ port: server.imapPort });
    const before = capabilitiesIn(client.greeting.text);
    expect(before).toContain('STARTTLS');
    const after = capabilitiesIn((await client.ok('LOGIN demo demo-password')).completion);
    const listed = capabilitiesIn((await client.ok('CAPABILITY')).untagged[0]?.text ?? '');
    for (const capabilities of [before, after, listed]) {
      expect(capabilities).not.toContain('MOVE');
      expect(capabilities).not.toContain('UIDPLUS');
      expect(capabilities).toEqual(
        expect.arrayContaining(['IDLE', 'CONDSTORE', 'QRESYNC', 'ENABLE', 'SPECIAL-USE']),
      );
    }
    client.close();
  });

  // A fact about Dovecot 2.3, pinned so a change shows up: imap_capability only changes what is advertised.
  it('still executes MOVE and still sends APPENDUID/COPYUID (Dovecot hides, it does not refuse)', async () => {
    const client = await login(server);
    const append = await client.ok(Buffer.from('APPEND INBOX {20+}\r\nSubject: move me\r\n\r\n'));
    expect(append.completion).toMatch(/\[APPENDUID \d+ 1\]/);
    await client.ok('SELECT INBOX');
    const move = await client.command('UID MOVE 1 Trash');
    expect(move.status).toBe('OK');
    expect(move.untagged.map((response) => response.text).join('\n')).toMatch(/COPYUID \d+ 1 1/);
    client.close();
  });
});
