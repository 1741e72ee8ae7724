// Every command: what it writes, how it reads its answer, with the answer fed whole and one byte at a time.

import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/commands/command.ts';
import { appendCommand } from '../../src/commands/append.ts';
import { authenticatePlainCommand } from '../../src/commands/authenticate.ts';
import { capabilityCommand } from '../../src/commands/capability.ts';
import { closeCommand, unselectCommand } from '../../src/commands/close.ts';
import { uidCopyCommand } from '../../src/commands/copy.ts';
import { createCommand } from '../../src/commands/create.ts';
import { deleteCommand } from '../../src/commands/delete.ts';
import { enableCommand } from '../../src/commands/enable.ts';
import { expungeCommand, uidExpungeCommand } from '../../src/commands/expunge.ts';
import { uidFetchCommand } from '../../src/commands/fetch.ts';
import { idCommand } from '../../src/commands/id.ts';
import { listCommand } from '../../src/commands/list.ts';
import { loginCommand } from '../../src/commands/login.ts';
import { logoutCommand } from '../../src/commands/logout.ts';
import { uidMoveCommand } from '../../src/commands/move.ts';
import { namespaceCommand } from '../../src/commands/namespace.ts';
import { noopCommand } from '../../src/commands/noop.ts';
import { notifyCommand } from '../../src/commands/notify.ts';
import { rawCommand } from '../../src/commands/raw.ts';
import { renameCommand } from '../../src/commands/rename.ts';
import { uidEsearchCommand, uidSearchCommand } from '../../src/commands/search.ts';
import { selectCommand } from '../../src/commands/select.ts';
import { uidSortCommand } from '../../src/commands/sort.ts';
import { starttlsCommand } from '../../src/commands/starttls.ts';
import { statusCommand } from '../../src/commands/status.ts';
import { uidStoreCommand } from '../../src/commands/store.ts';
import { subscribeCommand } from '../../src/commands/subscribe.ts';
import { createHarness, selectedHarness } from '../fixtures/harness.ts';
import type { Harness } from '../fixtures/harness.ts';

type Start = 'not-authenticated' | 'authenticated' | 'selected';

interface Case {
  readonly name: string;
  readonly start: Start;
  readonly command: () => Command<unknown>;
  /** Client lines the command writes, with its tag as T. */
  readonly client: string;
  /** Server lines, tag T. */
  readonly server: string;
  readonly result: unknown;
  readonly greeting?: string;
  /** Extensions the session has ENABLEd before the command. */
  readonly enabled?: readonly string[];
}

const CAPS =
  'IMAP4rev1 LITERAL+ UIDPLUS MOVE IDLE ESEARCH SORT CONDSTORE QRESYNC ENABLE LIST-EXTENDED LIST-STATUS ' +
  'SPECIAL-USE CREATE-SPECIAL-USE BINARY NOTIFY';

async function harnessFor(start: Start, greeting?: string): Promise<{ h: Harness; tag: string }> {
  if (start === 'selected') return { h: await selectedHarness(), tag: 'A4' };
  const h = createHarness({
    greeting: greeting ?? `* OK [CAPABILITY ${CAPS} AUTH=PLAIN SASL-IR STARTTLS] hi\r\n`,
  });
  if (start === 'not-authenticated') return { h, tag: 'A1' };
  const login = h.run(loginCommand('u', 'p'));
  h.server(`A1 OK [CAPABILITY ${CAPS}] in\r\n`);
  await login;
  h.takeSent();
  return { h, tag: 'A2' };
}

const cases: Case[] = [
  {
    name: 'CAPABILITY',
    start: 'not-authenticated',
    command: capabilityCommand,
    client: 'T CAPABILITY',
    server: '* CAPABILITY IMAP4rev1 IDLE\r\nT OK\r\n',
    result: ['IMAP4REV1', 'IDLE'],
  },
  {
    name: 'NOOP',
    start: 'selected',
    command: noopCommand,
    client: 'T NOOP',
    server: '* 4 EXISTS\r\nT OK\r\n',
    result: undefined,
  },
  {
    name: 'LOGOUT',
    start: 'authenticated',
    command: logoutCommand,
    client: 'T LOGOUT',
    server: '* BYE bye\r\nT OK\r\n',
    result: undefined,
  },
  {
    name: 'STARTTLS',
    start: 'not-authenticated',
    command: starttlsCommand,
    client: 'T STARTTLS',
    server: 'T OK go\r\n',
    result: undefined,
  },
  {
    name: 'LOGIN',
    start: 'not-authenticated',
    command: () => loginCommand('alice', 'p w"d'),
    client: 'T LOGIN alice "p w\\"d"',
    server: 'T OK\r\n',
    result: undefined,
  },
  {
    name: 'AUTHENTICATE PLAIN with SASL-IR',
    start: 'not-authenticated',
    command: () => authenticatePlainCommand('alice', 'pw'),
    client: 'T AUTHENTICATE PLAIN AGFsaWNlAHB3',
    server: 'T OK\r\n',
    result: undefined,
  },
  {
    name: 'ENABLE',
    start: 'authenticated',
    command: () => enableCommand(['CONDSTORE']),
    client: 'T ENABLE CONDSTORE',
    server: '* ENABLED CONDSTORE\r\nT OK\r\n',
    result: ['CONDSTORE'],
  },
  {
    name: 'ID',
    start: 'not-authenticated',
    command: () => idCommand(new Map([['name', 'webmail']])),
    client: 'T ID ("name" "webmail")',
    server: '* ID ("name" "Dovecot")\r\nT OK\r\n',
    result: new Map([['name', 'Dovecot']]),
  },
  {
    name: 'NAMESPACE',
    start: 'authenticated',
    command: namespaceCommand,
    client: 'T NAMESPACE',
    server: '* NAMESPACE (("" ".")) NIL NIL\r\nT OK\r\n',
    result: { personal: [{ prefix: '', delimiter: '.' }], other: [], shared: [] },
  },
  {
    name: 'CREATE',
    start: 'authenticated',
    command: () => createCommand('Entwürfe'),
    client: 'T CREATE Entw&APw-rfe',
    server: 'T OK\r\n',
    result: undefined,
  },
  {
    name: 'CREATE with a special use',
    start: 'authenticated',
    command: () => createCommand('Sent Items', { specialUse: '\\Sent' }),
    client: 'T CREATE "Sent Items" (USE (\\Sent))',
    server: 'T OK\r\n',
    result: undefined,
  },
  {
    name: 'DELETE',
    start: 'authenticated',
    command: () => deleteCommand('Old Stuff'),
    client: 'T DELETE "Old Stuff"',
    server: 'T OK\r\n',
    result: undefined,
  },
  {
    name: 'RENAME',
    start: 'authenticated',
    command: () => renameCommand('A', 'B'),
    client: 'T RENAME A B',
    server: 'T OK\r\n',
    result: undefined,
  },
  {
    name: 'SUBSCRIBE',
    start: 'authenticated',
    command: () => subscribeCommand('A'),
    client: 'T SUBSCRIBE A',
    server: 'T OK\r\n',
    result: undefined,
  },
  {
    name: 'UNSUBSCRIBE',
    start: 'authenticated',
    command: () => subscribeCommand('A', false),
    client: 'T UNSUBSCRIBE A',
    server: 'T OK\r\n',
    result: undefined,
  },
  {
    name: 'STATUS',
    start: 'authenticated',
    command: () => statusCommand('INBOX'),
    client: 'T STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)',
    server: '* STATUS INBOX (MESSAGES 3 UNSEEN 1)\r\nT OK\r\n',
    result: { messages: 3, unseen: 1 },
  },
  {
    name: 'APPEND',
    start: 'authenticated',
    command: () =>
      appendCommand('Sent', 'Hi\r\n', { flags: ['\\Seen'], date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) }),
    client: 'T APPEND Sent (\\Seen) "02-Jan-2024 03:04:05 +0000" {4+}\r\nHi\r\n',
    server: 'T OK [APPENDUID 7 20] done\r\n',
    result: { uidValidity: 7, uids: [{ start: 20, end: 20 }], appendUidProblem: null },
  },
  {
    name: 'APPEND of a message holding NUL, as literal8',
    start: 'authenticated',
    command: () => appendCommand('Drafts', Uint8Array.of(0x61, 0, 0x62, 0x0d, 0x0a)),
    client: 'T APPEND Drafts ~{5+}\r\na\0b\r\n',
    server: 'T OK [APPENDUID 7 21] done\r\n',
    result: { uidValidity: 7, uids: [{ start: 21, end: 21 }], appendUidProblem: null },
  },
  {
    name: 'SELECT with QRESYNC',
    start: 'authenticated',
    enabled: ['QRESYNC'],
    command: () =>
      selectCommand('INBOX', {
        qresync: { uidValidity: 67890007, modseq: 90060115194045000n, knownUids: [{ start: 41, end: 541 }] },
      }),
    client: 'T SELECT INBOX (QRESYNC (67890007 90060115194045000 41:541))',
    server:
      '* 317 EXISTS\r\n* OK [UIDVALIDITY 67890007] v\r\n* OK [HIGHESTMODSEQ 90060115205545359] m\r\n' +
      '* VANISHED (EARLIER) 41,43:116,118\r\n' +
      '* 49 FETCH (UID 117 FLAGS (\\Seen \\Answered) MODSEQ (90060115194045001))\r\n' +
      'T OK [READ-WRITE] ok\r\n',
    result: expect.objectContaining({
      exists: 317,
      highestModseq: '90060115205545359',
      vanished: [
        { start: 41, end: 41 },
        { start: 43, end: 116 },
        { start: 118, end: 118 },
      ],
      changed: [
        {
          seq: 49,
          uid: 117,
          attributes: expect.objectContaining({
            flags: ['\\Seen', '\\Answered'],
            modseq: 90060115194045001n,
          }),
        },
      ],
    }),
  },
  {
    name: 'EXAMINE with CONDSTORE',
    start: 'authenticated',
    command: () => selectCommand('INBOX', { readOnly: true, condstore: true }),
    client: 'T EXAMINE INBOX (CONDSTORE)',
    server: '* 0 EXISTS\r\n* OK [HIGHESTMODSEQ 12] m\r\nT OK [READ-ONLY] ok\r\n',
    result: expect.objectContaining({ exists: 0, access: 'read-only', highestModseq: '12' }),
  },
  {
    name: 'SELECT with CONDSTORE',
    start: 'authenticated',
    command: () => selectCommand('INBOX', { condstore: true }),
    client: 'T SELECT INBOX (CONDSTORE)',
    server: '* 2 EXISTS\r\n* OK [UIDVALIDITY 9] v\r\n* OK [HIGHESTMODSEQ 100] m\r\nT OK [READ-WRITE] ok\r\n',
    result: expect.objectContaining({
      exists: 2,
      uidValidity: 9,
      highestModseq: '100',
      access: 'read-write',
    }),
  },
  {
    name: 'EXAMINE',
    start: 'authenticated',
    command: () => selectCommand('INBOX', { readOnly: true }),
    client: 'T EXAMINE INBOX',
    server: '* 0 EXISTS\r\nT OK [READ-ONLY] ok\r\n',
    result: expect.objectContaining({ exists: 0, access: 'read-only' }),
  },
  {
    name: 'CLOSE',
    start: 'selected',
    command: closeCommand,
    client: 'T CLOSE',
    server: 'T OK\r\n',
    result: undefined,
  },
  {
    name: 'UNSELECT',
    start: 'selected',
    command: unselectCommand,
    client: 'T UNSELECT',
    server: 'T OK\r\n',
    result: undefined,
  },
  {
    name: 'LIST with RETURN options',
    start: 'authenticated',
    command: () => listCommand({ status: ['MESSAGES'] }),
    client: 'T LIST "" * RETURN (SPECIAL-USE STATUS (MESSAGES))',
    server: '* LIST (\\HasNoChildren \\Sent) "/" Sent\r\n* STATUS Sent (MESSAGES 4)\r\nT OK\r\n',
    result: expect.objectContaining({ statusIncluded: true, status: new Map([['Sent', { messages: 4 }]]) }),
  },
  {
    name: 'LIST with RETURN (SUBSCRIBED ...), as the web app asks: \\Subscribed only where subscribed',
    start: 'authenticated',
    command: () => listCommand({ returnSubscribed: true, status: ['MESSAGES', 'UNSEEN'] }),
    client: 'T LIST "" * RETURN (SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN))',
    server:
      '* LIST (\\HasNoChildren \\Subscribed) "/" INBOX\r\n* STATUS INBOX (MESSAGES 3 UNSEEN 1)\r\n' +
      '* LIST (\\HasNoChildren \\Sent) "/" Sent\r\n* STATUS Sent (MESSAGES 4 UNSEEN 0)\r\n' +
      '* LIST (\\HasNoChildren \\Subscribed) "/" &XeVPXA-\r\n* STATUS &XeVPXA- (MESSAGES 0 UNSEEN 0)\r\n' +
      'T OK List completed\r\n',
    result: {
      mailboxes: [
        expect.objectContaining({ name: 'INBOX', attributes: ['\\HasNoChildren', '\\Subscribed'] }),
        expect.objectContaining({ name: 'Sent', attributes: ['\\HasNoChildren', '\\Sent'] }),
        expect.objectContaining({ name: '工作', attributes: ['\\HasNoChildren', '\\Subscribed'] }),
      ],
      status: new Map([
        ['INBOX', { messages: 3, unseen: 1 }],
        ['Sent', { messages: 4, unseen: 0 }],
        ['工作', { messages: 0, unseen: 0 }],
      ]),
      statusIncluded: true,
      subscribedIncluded: true,
    },
  },
  {
    name: 'NOTIFY SET STATUS, as the web app asks (answer as Dovecot 2.3.19 sends it)',
    start: 'authenticated',
    command: () =>
      notifyCommand({
        status: true,
        selected: ['MessageNew', 'MessageExpunge', 'FlagChange'],
        personal: ['MessageNew', 'MessageExpunge', 'FlagChange', 'MailboxName', 'SubscriptionChange'],
      }),
    client:
      'T NOTIFY SET STATUS (SELECTED (MessageNew MessageExpunge FlagChange)) ' +
      '(PERSONAL (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange))',
    server:
      '* STATUS Other (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 1795317129 UNSEEN 0 HIGHESTMODSEQ 1)\r\n' +
      '* STATUS &XeVPXA- (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 1795317131 UNSEEN 1 HIGHESTMODSEQ 4)\r\n' +
      'T OK NOTIFY completed (0.015 + 0.000 + 0.014 secs).\r\n',
    result: {
      status: new Map([
        ['Other', { messages: 0, uidNext: 1, uidValidity: 1795317129, unseen: 0, highestModseq: 1n }],
        ['工作', { messages: 2, uidNext: 3, uidValidity: 1795317131, unseen: 1, highestModseq: 4n }],
      ]),
    },
  },
  {
    name: 'NOTIFY SET with SELECTED-DELAYED, MessageNew fetch items, SUBTREE and MAILBOXES',
    start: 'authenticated',
    command: () =>
      notifyCommand({
        selected: ['MessageNew', 'MessageExpunge'],
        selectedDelayed: true,
        newMessageFetch: { flags: true, envelope: true },
        subscribed: [],
        subtree: [{ mailboxes: ['Lists', '工作'], events: ['MessageNew', 'MessageExpunge'] }],
        mailboxes: [{ mailboxes: ['misc box'], events: ['MailboxName'] }],
      }),
    client:
      'T NOTIFY SET (SELECTED-DELAYED (MessageNew (UID FLAGS ENVELOPE) MessageExpunge)) (SUBSCRIBED NONE) ' +
      '(SUBTREE (Lists &XeVPXA-) (MessageNew MessageExpunge)) (MAILBOXES "misc box" (MailboxName))',
    server: 'T OK done\r\n',
    result: { status: new Map() },
  },
  {
    name: 'NOTIFY NONE',
    start: 'authenticated',
    command: () => notifyCommand(null),
    client: 'T NOTIFY NONE',
    server: 'T OK done\r\n',
    result: { status: new Map() },
  },
  {
    name: 'UID FETCH',
    start: 'selected',
    command: () =>
      uidFetchCommand([{ start: 10, end: 12 }], {
        flags: true,
        sections: [{ part: '1', specifier: 'MIME' }],
      }),
    client: 'T UID FETCH 10:12 (UID FLAGS BODY.PEEK[1.MIME])',
    server: '* 1 FETCH (UID 10 FLAGS (\\Seen) BODY[1.MIME] {2}\r\nab)\r\nT OK\r\n',
    result: expect.objectContaining({ messages: [expect.objectContaining({ seq: 1, uid: 10 })] }),
  },
  {
    name: 'UID FETCH of BINARY[] as literal8',
    start: 'selected',
    command: () => uidFetchCommand([{ start: 10, end: 10 }], { sections: [{ binary: true, part: '2' }] }),
    client: 'T UID FETCH 10 (UID BINARY.PEEK[2])',
    server: '* 1 FETCH (UID 10 BINARY[2] ~{3}\r\n\0\x01\x02)\r\nT OK\r\n',
    result: {
      messages: [
        {
          seq: 1,
          uid: 10,
          attributes: expect.objectContaining({
            sections: [{ item: 'BINARY', section: '2', data: Uint8Array.of(0, 1, 2) }],
          }),
        },
      ],
      vanished: [],
      unreadable: [],
    },
  },
  {
    name: 'UID FETCH CHANGEDSINCE with VANISHED',
    start: 'selected',
    enabled: ['QRESYNC'],
    command: () =>
      uidFetchCommand([{ start: 1, end: Infinity }], { flags: true }, { changedSince: 5n, vanished: true }),
    client: 'T UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 5 VANISHED)',
    server: '* VANISHED (EARLIER) 3:4\r\n* 2 FETCH (UID 11 FLAGS () MODSEQ (9))\r\nT OK\r\n',
    result: {
      messages: [{ seq: 2, uid: 11, attributes: expect.objectContaining({ flags: [], modseq: 9n }) }],
      vanished: [{ start: 3, end: 4 }],
      unreadable: [],
    },
  },
  {
    name: 'UID STORE',
    start: 'selected',
    command: () =>
      uidStoreCommand([{ start: 11, end: 11 }], { operation: 'add', flags: ['\\Seen'], unchangedSince: 5n }),
    client: 'T UID STORE 11 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen)',
    server: 'T OK [MODIFIED 11] x\r\n',
    result: { updated: [], modified: [{ start: 11, end: 11 }] },
  },
  {
    name: 'UID SEARCH with CHARSET',
    start: 'selected',
    command: () => uidSearchCommand({ and: [{ subject: 'Привет' }, { flag: '\\Seen', set: false }] }),
    client: 'T UID SEARCH CHARSET UTF-8 SUBJECT {12+}\r\nПривет UNSEEN',
    server: '* SEARCH 12 10\r\nT OK\r\n',
    result: Uint32Array.of(10, 12),
  },
  {
    name: 'UID SEARCH RETURN',
    start: 'selected',
    command: () => uidEsearchCommand({ all: true }, ['MIN', 'COUNT']),
    client: 'T UID SEARCH RETURN (MIN COUNT) ALL',
    server: '* ESEARCH (TAG "T") UID MIN 10 COUNT 3\r\nT OK\r\n',
    result: { min: 10, count: 3 },
  },
  {
    name: 'UID SORT',
    start: 'selected',
    command: () => uidSortCommand([{ key: 'DATE', reverse: true }], { all: true }),
    client: 'T UID SORT (REVERSE DATE) UTF-8 ALL',
    server: '* SORT 12 10 11\r\nT OK\r\n',
    result: Uint32Array.of(12, 10, 11),
  },
  {
    name: 'UID SORT RETURN (ALL): the compact order, runs read in the order written, either way',
    start: 'selected',
    command: () => uidSortCommand([{ key: 'DATE' }], { all: true }, { compact: true }),
    client: 'T UID SORT RETURN (ALL) (DATE) UTF-8 ALL',
    server: '* ESEARCH (TAG "T") UID ALL 11,12:13\r\nT OK\r\n',
    result: Uint32Array.of(11, 12, 13),
  },
  {
    name: 'UID SORT RETURN (ALL): a descending run',
    start: 'selected',
    command: () => uidSortCommand([{ key: 'DATE', reverse: true }], { all: true }, { compact: true }),
    client: 'T UID SORT RETURN (ALL) (REVERSE DATE) UTF-8 ALL',
    server: '* ESEARCH (TAG "T") UID ALL 13:12,10\r\nT OK\r\n',
    result: Uint32Array.of(13, 12, 10),
  },
  {
    name: 'UID SORT RETURN (ALL): no match, no ALL',
    start: 'selected',
    command: () => uidSortCommand([{ key: 'DATE' }], { all: true }, { compact: true }),
    client: 'T UID SORT RETURN (ALL) (DATE) UTF-8 ALL',
    server: '* ESEARCH (TAG "T") UID\r\nT OK\r\n',
    result: new Uint32Array(0),
  },
  {
    name: 'UID COPY',
    start: 'selected',
    command: () => uidCopyCommand([{ start: 10, end: 11 }], 'Archive'),
    client: 'T UID COPY 10:11 Archive',
    server: 'T OK [COPYUID 5 10:11 1:2] ok\r\n',
    result: {
      copyUid: { uidValidity: 5, source: [{ start: 10, end: 11 }], destination: [{ start: 1, end: 2 }] },
      copyUidProblem: null,
    },
  },
  {
    name: 'UID MOVE',
    start: 'selected',
    command: () => uidMoveCommand([{ start: 10, end: 10 }], 'Trash'),
    client: 'T UID MOVE 10 Trash',
    server: '* OK [COPYUID 5 10 3] m\r\n* 1 EXPUNGE\r\nT OK\r\n',
    result: {
      copyUid: { uidValidity: 5, source: [{ start: 10, end: 10 }], destination: [{ start: 3, end: 3 }] },
      copyUidProblem: null,
    },
  },
  {
    name: 'EXPUNGE',
    start: 'selected',
    command: expungeCommand,
    client: 'T EXPUNGE',
    server: '* 3 EXPUNGE\r\n* 1 EXPUNGE\r\nT OK\r\n',
    result: { expunged: 2 },
  },
  {
    name: 'UID EXPUNGE',
    start: 'selected',
    command: () => uidExpungeCommand([{ start: 12, end: 12 }]),
    client: 'T UID EXPUNGE 12',
    server: '* 3 EXPUNGE\r\nT OK\r\n',
    result: { expunged: 1 },
  },
  {
    name: 'raw command',
    start: 'authenticated',
    command: () => rawCommand('XLIST "" "*"'),
    client: 'T XLIST "" "*"',
    server: '* XLIST (\\Inbox) "/" INBOX\r\nT OK\r\n',
    result: expect.objectContaining({ untagged: [expect.objectContaining({ kind: 'unknown' })] }),
  },
];

describe('every command', () => {
  for (const chunk of [undefined, 1] as const) {
    const how = chunk === undefined ? 'whole' : 'one byte at a time';
    it.each(cases)(`$name: writes its line and reads its answer fed ${how}`, async (c) => {
      const { h, tag } = await harnessFor(c.start, c.greeting);
      // The session learns ENABLEd extensions from the server only (RFC 5161 3.2).
      for (const name of c.enabled ?? []) h.server(`* ENABLED ${name}\r\n`);
      const result = h.run(c.command());
      result.catch(() => undefined);
      expect(h.takeSent()).toBe(c.client.replace(/^T /gm, `${tag} `) + '\r\n');
      h.server(c.server.replace(/^T /gm, `${tag} `).replace('"T"', `"${tag}"`), chunk);
      expect(await result).toEqual(c.result);
    });
  }
});
