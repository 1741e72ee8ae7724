import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../src/dovecot.ts';
import { encodeMailboxName } from '../src/mutf7.ts';
import type { DovecotServer } from '../src/types.ts';
import { login, parseFetchFlags, parseList, sortFlags } from './support/imap.ts';

let server: DovecotServer;

beforeAll(async () => {
  server = await startDovecot();
});
afterAll(() => server?.stop());

const message = (subject: string): string =>
  `From: Alice <alice@example.org>\r\nTo: demo@testbed.example\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.org>\r\n\r\nHello.\r\n`;

describe('deliver()', () => {
  it('makes a client in IDLE see EXISTS promptly', async () => {
    const client = await login(server);
    const selected = await client.ok('SELECT INBOX');
    const before = Number(/^\* (\d+) EXISTS/m.exec(selected.untagged.map((r) => r.text).join('\n'))?.[1]);
    client.write('I1 IDLE\r\n');
    await client.waitFor((response) => response.text.startsWith('+'));
    await server.deliver('demo', 'INBOX', message('arrives during IDLE'));
    // A hang guard rather than a timing check: without the IDLE push it would never arrive.
    const exists = await client.waitFor((response) => /^\* \d+ EXISTS$/.test(response.text), 5_000);
    expect(exists.text).toBe(`* ${before + 1} EXISTS`);
    client.write('DONE\r\n');
    await client.waitFor((response) => response.text.startsWith('I1 OK'));
    const fetched = await client.ok(`FETCH ${before + 1} (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])`);
    expect(fetched.untagged[0]?.text).toContain('\\Recent');
    expect(fetched.untagged[0]?.literals[0]?.toString()).toContain('arrives during IDLE');
    client.close();
  });

  it('stores system flags and keywords given with the message', async () => {
    await server.deliver('demo', 'Archive', message('flagged delivery'), [
      '\\Seen',
      '\\Flagged',
      '$Forwarded',
      'Work',
    ]);
    await server.deliver('demo', 'Archive', message('second keyword set'), ['Work', '$Label2']);
    const client = await login(server);
    await client.ok('EXAMINE Archive');
    const flags = [...parseFetchFlags((await client.ok('UID FETCH 1:* (UID FLAGS)')).untagged).values()].map(
      sortFlags,
    );
    expect(flags).toEqual([
      sortFlags(['\\Seen', '\\Flagged', '$Forwarded', 'Work']),
      sortFlags(['Work', '$Label2']),
    ]);
    client.close();
  });

  it('creates a missing folder, nested and non-ASCII', async () => {
    await server.deliver('demo', 'Проекты/2026', message('into a new folder'));
    const client = await login(server);
    const names = parseList((await client.ok('LIST "" "*"')).untagged).map((entry) => entry.name);
    const wire = `${encodeMailboxName('Проекты')}/2026`;
    expect(names).toContain(wire);
    const status = await client.ok(`STATUS "${wire}" (MESSAGES)`);
    expect(status.untagged[0]?.text).toMatch(/MESSAGES 1\)/);
    client.close();
  });

  it('refuses unknown users and flags Maildir cannot store', async () => {
    await expect(server.deliver('nobody-here', 'INBOX', message('x'))).rejects.toThrow(/unknown test user/);
    await expect(server.deliver('demo', 'INBOX', message('x'), ['\\Recent'])).rejects.toThrow(
      /cannot store flag/,
    );
  });
});
