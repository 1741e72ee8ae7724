import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../src/corpus/index.ts';
import { CORPUS_FOLDERS } from '../src/corpus/folders.ts';
import { startDovecot } from '../src/dovecot.ts';
import { folderNameIn, PLAIN_SERVER_CAPABILITIES } from '../src/folder-layouts.ts';
import { decodeMailboxName, encodeMailboxName } from '../src/mutf7.ts';
import { RawImap, quoted } from '../src/raw-imap.ts';
import type { DovecotServer } from '../src/types.ts';
import { login, parseFetchFlags, parseList, sortFlags } from './support/imap.ts';

// The 'courier' and 'cyrus' variants: what each advertises and lists (real Dovecot answers), and the corpus
// seeded into each layout.

const corpus = buildCorpus();
const HIDDEN = [
  'SPECIAL-USE',
  'LIST-STATUS',
  'NOTIFY',
  'LIST-EXTENDED',
  'ESEARCH',
  'SORT',
  'CONDSTORE',
  'QRESYNC',
];
const SPECIAL_USE_ATTRIBUTES = ['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash'];

const capabilitiesIn = (text: string): string[] =>
  (/CAPABILITY ([^\]]*)/.exec(text)?.[1] ?? '').split(' ').filter(Boolean);

interface Case {
  variant: 'courier' | 'cyrus';
  namespace: string;
  delimiter: string;
  /** Every listed folder (decoded) with its attributes, as Dovecot 2.3.19 answers LIST "" "*". */
  listed: [string, string[]][];
}

const CASES: Case[] = [
  {
    variant: 'courier',
    namespace: '* NAMESPACE (("INBOX." ".")) NIL NIL',
    delimiter: '.',
    listed: [
      ['INBOX', ['\\HasChildren']],
      ['INBOX.Archive', ['\\HasNoChildren']],
      ['INBOX.Big', ['\\HasNoChildren']],
      ['INBOX.Drafts', ['\\HasNoChildren']],
      ['INBOX.Junk', ['\\HasNoChildren']],
      ['INBOX.Lists', ['\\HasChildren', '\\Noselect']],
      ['INBOX.Lists.announce', ['\\HasNoChildren']],
      ['INBOX.Lists.dovecot', ['\\HasNoChildren']],
      ['INBOX.Отправленные', ['\\HasNoChildren']],
      ['INBOX.Работа', ['\\HasNoChildren']],
      ['INBOX.工作', ['\\HasChildren']],
      ['INBOX.工作.项目', ['\\HasNoChildren']],
      ['INBOX.已删除', ['\\HasNoChildren']],
    ],
  },
  {
    variant: 'cyrus',
    namespace: '* NAMESPACE (("INBOX/" "/")) NIL NIL',
    delimiter: '/',
    listed: [
      ['INBOX', ['\\HasChildren']],
      ['INBOX/Archives', ['\\HasNoChildren']],
      ['INBOX/Big', ['\\HasNoChildren']],
      ['INBOX/Deleted Items', ['\\HasNoChildren']],
      ['INBOX/Lists', ['\\HasChildren', '\\Noselect']],
      ['INBOX/Lists/announce', ['\\HasNoChildren']],
      ['INBOX/Lists/dovecot', ['\\HasNoChildren']],
      ['INBOX/Sent Items', ['\\HasNoChildren']],
      ['INBOX/Работа', ['\\HasNoChildren']],
      ['INBOX/Спам', ['\\HasNoChildren']],
      ['INBOX/工作', ['\\HasChildren']],
      ['INBOX/工作/项目', ['\\HasNoChildren']],
      ['INBOX/草稿', ['\\HasNoChildren']],
    ],
  },
];

describe.each(CASES)("the '$variant' variant", ({ variant, namespace, delimiter, listed }) => {
  let server: DovecotServer;
  let client: RawImap;
  beforeAll(async () => {
    server = await startDovecot({ variant, corpus: true });
    client = await login(server);
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  const wire = (name: string): string => quoted(encodeMailboxName(name));

  it('advertises none of the hidden extensions, before or after login', async () => {
    const fresh = await RawImap.connect({ port: server.imapPort });
    const before = capabilitiesIn(fresh.greeting.text);
    const after = capabilitiesIn((await fresh.ok('LOGIN demo demo-password')).completion);
    const listedCaps = (await fresh.ok('CAPABILITY')).untagged[0]?.text.split(' ').slice(2) ?? [];
    fresh.close();
    expect(before).toEqual(expect.arrayContaining(['STARTTLS', 'AUTH=PLAIN', 'IDLE', 'MOVE', 'UIDPLUS']));
    for (const capabilities of [before, after, listedCaps]) {
      for (const hidden of HIDDEN) expect(capabilities, hidden).not.toContain(hidden);
    }
    expect(listedCaps).toEqual([...PLAIN_SERVER_CAPABILITIES]);
  });

  it('has one personal namespace under INBOX', async () => {
    expect((await client.ok('NAMESPACE')).untagged.map((r) => r.text)).toEqual([namespace]);
  });

  it('lists every corpus folder under INBOX, special folders by plain name and without attributes', async () => {
    const entries = parseList((await client.ok('LIST "" "*"')).untagged);
    const seen = entries
      .map((entry): [string, string[]] => [decodeMailboxName(entry.name), [...entry.attributes].sort()])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    expect(seen).toEqual(listed);
    expect(new Set(entries.map((entry) => entry.delimiter))).toEqual(new Set([delimiter]));
    for (const entry of entries)
      expect(
        entry.attributes.filter((a) => SPECIAL_USE_ATTRIBUTES.includes(a)),
        entry.name,
      ).toEqual([]);
    // LSUB (RFC 3501 §6.3.9), as a client of a server without LIST-EXTENDED asks.
    const lsub = (await client.ok('LSUB "" "*"')).untagged.map((r) => ({
      ...r,
      text: r.text.replace(/^\* LSUB/, '* LIST'),
    }));
    const subscribed = parseList(lsub).map((entry) => decodeMailboxName(entry.name));
    expect(subscribed.sort()).toEqual(listed.filter(([, a]) => !a.includes('\\Noselect')).map(([n]) => n));
  });

  it('names corpus folders as listed (server.folderName, folderNameIn)', () => {
    const names = new Set(listed.map(([name]) => name));
    for (const folder of CORPUS_FOLDERS) {
      expect(names, folder.name).toContain(server.folderName(folder.name));
      expect(folderNameIn(variant, folder.name)).toBe(server.folderName(folder.name));
    }
  });

  it('holds every corpus message byte for byte at its UID, with its flags and UIDVALIDITY', async () => {
    for (const [index, folder] of CORPUS_FOLDERS.entries()) {
      const messages = corpus.filter((message) => message.folder === folder.name);
      if (messages.length === 0) continue;
      const examined = await client.ok(`EXAMINE ${wire(server.folderName(folder.name))}`);
      expect(examined.untagged.map((r) => r.text)).toContain(
        `* OK [UIDVALIDITY ${1_700_000_000 + index}] UIDs valid`,
      );
      const { untagged } = await client.ok('UID FETCH 1:* (UID FLAGS BODY.PEEK[])');
      const flags = parseFetchFlags(untagged);
      const bodies = new Map(untagged.map((r) => [Number(/UID (\d+)/.exec(r.text)?.[1]), r.literals[0]]));
      expect(
        [...bodies.keys()].sort((a, b) => a - b),
        folder.name,
      ).toEqual(messages.map((m) => m.uid));
      for (const message of messages) {
        expect(bodies.get(message.uid)?.equals(Buffer.from(message.raw)), message.id).toBe(true);
        expect(sortFlags(flags.get(message.uid) ?? []), message.id).toEqual(sortFlags(message.flags));
      }
    }
  });

  it('delivers into and resets folders named as its clients see them', async () => {
    const sent = server.folderName('Sent');
    const count = async (): Promise<number> =>
      Number(
        /MESSAGES (\d+)/.exec(
          (await client.ok(`STATUS ${wire(sent)} (MESSAGES)`)).untagged[0]?.text ?? '',
        )?.[1],
      );
    const before = await count();
    await server.deliver('demo', sent, 'Subject: filed by the testbed\r\n\r\nhello\r\n');
    expect(await count()).toBe(before + 1);
    const project = server.folderName('工作/项目');
    const reset = await server.resetUidValidity('demo', project, { uidValidity: 4242 });
    expect(reset).toMatchObject({
      uidValidity: 4242,
      count: corpus.filter((m) => m.folder === '工作/项目').length,
    });
    await expect(server.deliver('demo', 'Sent', 'Subject: x\r\n\r\n')).rejects.toThrow(
      `folder Sent is not in the personal namespace "INBOX${delimiter}"`,
    );
  });

  // Dovecot's imap_capability only changes the advertisement: a client that uses a hidden extension anyway
  // gets an answer, so tests must check what the client sends, not rely on a refusal.
  it('still answers hidden extensions it does not advertise (pinned)', async () => {
    await client.ok('EXAMINE INBOX');
    expect((await client.ok('UID SEARCH RETURN (ALL) ALL')).untagged[0]?.text).toMatch(
      /^\* ESEARCH \(TAG "T\d+"\) UID ALL 1:\d+$/,
    );
    expect((await client.ok('SORT (DATE) UTF-8 ALL')).untagged[0]?.text).toMatch(/^\* SORT [\d ]+$/);
    expect((await client.command('NOTIFY SET (selected MessageNew)')).status).toBe('BAD');
  });

  it('refuses to create a folder outside the INBOX namespace, and creates one inside', async () => {
    expect((await client.command(`CREATE ${wire('Новая')}`)).completion).toMatch(
      new RegExp(
        `^NO Client tried to access nonexistent namespace\\. \\(Mailbox name should probably be prefixed with: INBOX\\${delimiter}\\)`,
      ),
    );
    const inside = `INBOX${delimiter}Новая`;
    await client.ok(`CREATE ${wire(inside)}`);
    const entries = parseList((await client.ok(`LIST "" ${wire(inside)}`)).untagged);
    expect(entries.map((e) => decodeMailboxName(e.name))).toEqual([inside]);
  });
});

describe("a quota fullFolder in the 'courier' layout", () => {
  it("is a namespace of its own with the layout's separator, refusing every message", async () => {
    const server = await startDovecot({
      variant: 'courier',
      users: [{ name: 'demo', password: 'demo-password', quota: { fullFolder: 'Full' } }],
    });
    try {
      const client = await login(server);
      expect((await client.ok('NAMESPACE')).untagged.map((r) => r.text)).toEqual([
        '* NAMESPACE (("Full." ".")("INBOX." ".")) NIL NIL', // sorted by prefix
      ]);
      expect((await client.command('APPEND Full {20+}\r\nSubject: full\r\n\r\nx\r\n')).completion).toMatch(
        /^NO \[OVERQUOTA\] Quota exceeded/,
      );
      await server.deliver('demo', 'Full', 'Subject: behind its back\r\n\r\nx\r\n');
      expect((await client.ok('STATUS Full (MESSAGES)')).untagged[0]?.text).toBe(
        '* STATUS Full (MESSAGES 1)',
      );
      client.close();
    } finally {
      await server.stop();
    }
  });
});
