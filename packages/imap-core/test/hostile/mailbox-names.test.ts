// Mailbox names are the server's bytes. A listed name that is not valid modified UTF-7 used to be re-encoded
// when selected (so the folder could not be opened), and two different wire names collapsed into one. Every
// command now names exactly the mailbox the server listed, sending back its bytes, quoted or as a literal.

import { describe, expect, it } from 'vitest';
import { listCommand } from '../../src/commands/list.ts';
import { selectCommand } from '../../src/commands/select.ts';
import { statusCommand } from '../../src/commands/status.ts';
import { subscribeCommand } from '../../src/commands/subscribe.ts';
import { renameCommand } from '../../src/commands/rename.ts';
import { mailboxDisplayName } from '../../src/mailbox-names.ts';
import type { StatusEvent } from '../../src/session.ts';
import { selectedHarness } from '../fixtures/harness.ts';

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const decoder = new TextDecoder('latin1');

/** A harness whose client sent bytes are read one byte per character, so 8-bit bytes can be compared. */
async function listed(lines: string) {
  const h = await selectedHarness();
  const sent: string[] = [];
  h.session.events.on('output', (bytes) => sent.push(decoder.decode(bytes)));
  const list = h.run(listCommand());
  h.server(latin1(`${lines}A4 OK\r\n`));
  const { mailboxes } = await list;
  return { h, mailboxes, sent };
}

describe('a listed mailbox is addressed by the bytes the server listed', () => {
  it.each([
    ['a broken shift sequence', '* LIST () "/" "Bad&Jjo"\r\n', 'SELECT Bad&Jjo\r\n'],
    ['an unescaped ampersand', '* LIST () "/" "R&D"\r\n', 'SELECT R&D\r\n'],
    ['encoded printable ASCII', '* LIST () "/" "&AGE-"\r\n', 'SELECT &AGE-\r\n'],
    ['a space and a quote', '* LIST () "/" "a \\"b&"\r\n', 'SELECT "a \\"b&"\r\n'],
    [
      'raw UTF-8',
      '* LIST () "/" {8}\r\n\xd0\x90\xd1\x80\xd1\x85\xd0\xb8\r\n',
      'SELECT {8+}\r\n\xd0\x90\xd1\x80\xd1\x85\xd0\xb8\r\n',
    ],
    [
      'raw GBK in a quoted string',
      '* LIST () "/" "\xc4\xe3\xba\xc3"\r\n',
      'SELECT {4+}\r\n\xc4\xe3\xba\xc3\r\n',
    ],
  ])('selects a name that is not modified UTF-7 (%s) with its exact bytes', async (_name, list, line) => {
    const { h, mailboxes, sent } = await listed(list);
    const name = mailboxes[0]?.name ?? '';
    const select = h.run(selectCommand(name));
    // Atom, quoted or literal (LITERAL+ here), whichever the bytes allow: always exactly these bytes.
    expect(sent.join('')).toContain(`A5 ${line}`);
    h.server('* 0 EXISTS\r\nA5 OK [READ-WRITE] ok\r\n');
    await select;
    expect(h.session.mailbox?.name).toBe(name);
  });

  it('keeps two wire names that used to collapse apart, and addresses each by its own bytes', async () => {
    const { h, mailboxes, sent } = await listed(
      '* LIST () "/" "&AGE-"\r\n* LIST () "/" "&-AGE-"\r\n' +
        '* LIST () "/" {16}\r\n\xd0\x92\xd1\x85\xd0\xbe\xd0\xb4\xd1\x8f\xd1\x89\xd0\xb8\xd0\xb5\r\n' +
        '* LIST () "/" &BBIERQQ+BDQETwRJBDgENQ-\r\n',
    );
    const names = mailboxes.map((m) => m.name);
    expect(new Set(names).size).toBe(4);
    expect(names.map(mailboxDisplayName)).toEqual([
      '&AGE-',
      '&AGE-',
      '\\xD0\\x92\\xD1\\x85\\xD0\\xBE\\xD0\\xB4\\xD1\\x8F\\xD1\\x89\\xD0\\xB8\\xD0\\xB5',
      'Входящие',
    ]);
    sent.length = 0;
    const statuses = names.map((name) => h.run(statusCommand(name, ['MESSAGES'])));
    expect(
      sent
        .join('')
        .split('\r\n')
        .filter((l) => l.startsWith('A')),
    ).toEqual([
      'A5 STATUS &AGE- (MESSAGES)',
      'A6 STATUS &-AGE- (MESSAGES)',
      'A7 STATUS {16+}',
      'A8 STATUS &BBIERQQ+BDQETwRJBDgENQ- (MESSAGES)',
    ]);
    h.server('A5 OK\r\nA6 OK\r\nA7 OK\r\nA8 OK\r\n');
    await Promise.all(statuses);
  });

  it('names a STATUS report (NOTIFY) exactly as LIST named the same bytes', async () => {
    const { h, mailboxes } = await listed('* LIST () "/" {4}\r\n\xc4\xe3\xba\xc3\r\n* LIST () "/" "R&D"\r\n');
    const events: StatusEvent[] = [];
    h.session.events.on('status', (event) => events.push(event));
    h.server(latin1('* STATUS {4}\r\n\xc4\xe3\xba\xc3 (MESSAGES 3)\r\n* STATUS "R&D" (UNSEEN 1)\r\n'));
    expect(events.map((e) => e.mailbox)).toEqual(mailboxes.map((m) => m.name));
  });

  it('renames and subscribes with the exact bytes too, the new name encoded as usual', async () => {
    const { h, mailboxes, sent } = await listed('* LIST () "/" "R&D"\r\n');
    sent.length = 0;
    const name = mailboxes[0]?.name ?? '';
    const done = [h.run(subscribeCommand(name, true)), h.run(renameCommand(name, 'R&D – Проекты'))];
    expect(sent.join('')).toBe('A5 SUBSCRIBE R&D\r\nA6 RENAME R&D "R&-D &IBM- &BB8EQAQ+BDUEOgRCBEs-"\r\n');
    h.server('A5 OK\r\nA6 OK\r\n');
    await Promise.all(done);
  });

  it("reads Dovecot's UTF-8 NOTIFY names as the mailboxes LIST spells in modified UTF-7", async () => {
    const utf8 = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));
    const { h, mailboxes } = await listed(
      `* LIST () "/" &XeVPXA-\r\n* LIST () "/" {6}\r\n${utf8('项目')}\r\n`,
    );
    const [work, project] = mailboxes.map((m) => m.name);
    expect(work).toBe('工作');
    const events: StatusEvent[] = [];
    const lists: string[] = [];
    h.session.events.on('status', (event) => events.push(event));
    h.session.events.on('mailbox-list', (event) => lists.push(event.mailbox.name));
    h.server(
      latin1(`* STATUS {6}\r\n${utf8('工作')} (UNSEEN 2)\r\n* LIST () "/" {6}\r\n${utf8('工作')}\r\n`),
    );
    // The raw UTF-8 spelling LIST itself gave (a mailbox of its own on this server) stays that mailbox.
    h.server(latin1(`* STATUS {6}\r\n${utf8('项目')} (UNSEEN 1)\r\n`));
    expect(events.map((e) => e.mailbox)).toEqual(['工作', project]);
    expect(lists).toEqual(['工作']);
  });
});
