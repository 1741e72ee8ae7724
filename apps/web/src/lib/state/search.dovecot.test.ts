// Search against a real Dovecot (2.3, no FTS plugin) seeded with the multilingual corpus: the criteria that
// searchKeyOf builds find Chinese words in GBK mail and Russian words in KOI8-R and windows-1251 mail, in the
// subject and in the body; text full of IMAP syntax finds nothing and leaves the session as it was; the
// attachment filter agrees with the paper-clip judgement on every corpus message; and the all-folders search
// finds matches in several folders on its own connection, logged out afterwards.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapClient } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import { DEMO_USER, buildCorpus, startDovecot } from '@webmail/testbed';
import type { CorpusMessage, DovecotServer } from '@webmail/testbed';
import { AllFoldersSearch } from './all-folders-search.svelte.ts';
import { keepWithAttachments } from './attachment-filter.ts';
import { buildFolderTree } from './folder-model.ts';
import { MessageList } from './message-list/message-list.svelte.ts';
import { hasAttachment } from './message-list/message-row.ts';
import { EMPTY_SEARCH_FORM, searchKeyOf, searchPlanOf } from './search-query.ts';
import type { SearchForm } from './search-query.ts';
import { SearchState } from './search.svelte.ts';

const corpus = buildCorpus();
const form = (patch: Partial<SearchForm>): SearchForm => ({ ...EMPTY_SEARCH_FORM, ...patch });

function corpusMessage(id: string): CorpusMessage {
  const message = corpus.find((m) => m.id === id);
  if (!message) throw new Error(`no corpus message ${id}`);
  return message;
}

/** The day written in the Date header (SENTSINCE/SENTBEFORE ignore time and zone, RFC 9051 6.4.4). */
function headerDay(message: CorpusMessage): string {
  const header = /^Date: \w+, (\d+) (\w+) (\d{4})/m.exec(new TextDecoder().decode(message.raw));
  if (!header) throw new Error(`no Date header in ${message.id}`);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(
    header[2] ?? '',
  );
  return `${header[3]}-${String(month + 1).padStart(2, '0')}-${String(header[1]).padStart(2, '0')}`;
}

function nextDay(day: string, delta: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);
}

describe('search on Dovecot with the corpus', () => {
  let server: DovecotServer;
  let client: ImapClient;
  const opened: ImapClient[] = [];

  async function signedIn(): Promise<ImapClient> {
    const transport = await connectTcp({ host: server.host, port: server.imapPort, tls: 'none' });
    const next = await ImapClient.connect(transport, { startTls: 'never' });
    await next.login(DEMO_USER.name, DEMO_USER.password);
    return next;
  }

  /** UIDs the form finds in `folder`, ascending. */
  async function find(folder: string, patch: Partial<SearchForm>): Promise<number[]> {
    const key = searchKeyOf(form(patch));
    if (key === null) throw new Error('the form asks for nothing');
    if (client.mailbox?.name !== folder) await client.examine(folder);
    return Array.from(await client.search(key));
  }

  beforeAll(async () => {
    server = await startDovecot({ corpus: true });
    client = await signedIn();
  }, 120_000);

  afterAll(async () => {
    await client?.logout();
    for (const other of opened) other.close();
    await server?.stop();
  });

  // prettier-ignore
  it.each<[string, Partial<SearchForm>, string]>([
    ['a Chinese word in a GBK subject', { text: '项目评审', field: 'subject' }, 'gbk-b-subject'],
    ['a Chinese phrase in a base64 GBK body', { text: '预算执行情况', field: 'body' }, 'gbk-b-subject'],
    ['Chinese words anywhere', { text: '项目评审 预算执行情况' }, 'gbk-b-subject'],
    ['a Russian word in a KOI8-R subject', { text: 'Новосибирск', field: 'subject' }, 'koi8r-b-subject'],
    ['a Russian word in lower case', { text: 'новосибирск', field: 'subject' }, 'koi8r-b-subject'],
    ['a Russian phrase in an 8-bit KOI8-R body', { text: '"договор с заказчиком"', field: 'body' }, 'koi8r-b-subject'],
    ['a Russian phrase in a windows-1251 body', { text: '"до конца месяца"', field: 'body' }, 'cp1251-q-subject-invoice'],
    ['a Russian sender name', { text: 'Смирнова', field: 'from' }, 'cp1251-q-subject-invoice'],
  ])('finds %s', async (_what, patch, id) => {
    expect(await find('INBOX', patch)).toEqual([corpusMessage(id).uid]);
  });

  it('includes the whole "until" day and nothing after it', async () => {
    const message = corpusMessage('koi8r-b-subject');
    const day = headerDay(message);
    const subject = { text: 'Новосибирск', field: 'subject' } as const;
    expect(await find('INBOX', { ...subject, since: day, before: day })).toEqual([message.uid]);
    expect(await find('INBOX', { ...subject, before: nextDay(day, -1) })).toEqual([]);
    expect(await find('INBOX', { ...subject, since: nextDay(day, 1) })).toEqual([]);
  });

  it('finds nothing for text full of IMAP syntax, and the session carries on as it was', async () => {
    await client.examine('INBOX');
    const before = client.mailbox?.exists;
    const folders = (await client.list()).mailboxes.map((m) => m.name).sort();
    const hostile = [
      'zqx" ) ( * \r\n {5}',
      '"zqx\\" ) ( *"',
      'zqx {5}\r\nhello',
      'zqx {5+}\r\nA1 LOGOUT',
      'zqx\r\nA2 DELETE INBOX\r\n',
      'zqx\u0000\u0001\u001b[31m',
      'zqx" OR ALL "',
      'zqx) UID 1:* (',
      'zqx %* \\Seen \\',
      'zqx ~{3}\r\nabc',
      'zqx ' + '项目评审'.repeat(400),
      'zqx' + '"'.repeat(50),
      'zqx 𠮷野家 🎉 \uD800',
    ];
    for (const text of hostile) {
      for (const field of ['all', 'from', 'to', 'subject', 'body'] as const) {
        expect(await find('INBOX', { text, field }), `${JSON.stringify(text)} in ${field}`).toEqual([]);
      }
    }
    await client.noop();
    expect(client.state).toBe('selected');
    expect(client.mailbox?.name).toBe('INBOX');
    expect(client.mailbox?.exists).toBe(before);
    expect((await client.list()).mailboxes.map((m) => m.name).sort()).toEqual(folders);
    expect(await find('INBOX', { text: 'Новосибирск' })).toEqual([corpusMessage('koi8r-b-subject').uid]);
  });

  it('matches nothing with NOT ALL (what an attachment search with no hit asks the list for)', async () => {
    await client.examine('INBOX');
    expect(Array.from(await client.search({ not: { all: true } }))).toEqual([]);
  });

  it('finds by Content-Type and BODYSTRUCTURE exactly the corpus messages with an attachment', async () => {
    const folders = [...new Set(corpus.map((m) => m.folder))];
    for (const folder of folders) {
      const selected = await client.examine(folder);
      const plan = searchPlanOf(form({ attachment: true }), [
        ...selected.flags,
        ...(selected.permanentFlags ?? []),
      ]);
      expect(plan?.checkAttachments).toBe(true);
      const candidates = await client.search(plan?.key ?? { all: true });
      const found = await keepWithAttachments(client, candidates);
      const judged: number[] = [];
      await client.fetch(
        [{ start: 1, end: Infinity }],
        { bodyStructure: true },
        {
          onMessage: (m) => {
            if (m.attributes.bodyStructure && hasAttachment(m.attributes.bodyStructure)) judged.push(m.uid);
          },
        },
      );
      expect(found, folder).toEqual(judged.sort((a, b) => a - b));
    }
    // The corpus has attachments in several folders, so the comparison above compared something.
    const withAttachments = corpus.filter((m) => (m.expect.attachments?.length ?? 0) > 0);
    expect(new Set(withAttachments.map((m) => m.folder)).size).toBeGreaterThan(3);
  });

  it('fills the message list with the matches, newest first, and gives the whole folder back', async () => {
    const list = new MessageList(client);
    await list.open('INBOX');
    const whole = list.count;
    const roots = buildFolderTree((await client.list()).mailboxes);
    const search = new SearchState(list, signedIn, { roots });
    try {
      search.form = form({ text: 'Новосибирск подписан' });
      await search.run();
      expect(search.error).toBeNull();
      expect(search.resultCount).toBe(1);
      expect(list.uidAt(0)).toBe(corpusMessage('koi8r-b-subject').uid);

      search.form = form({ attachment: true });
      await search.run();
      const judged: number[] = [];
      await client.fetch(
        [{ start: 1, end: Infinity }],
        { bodyStructure: true },
        {
          onMessage: (m) => {
            if (m.attributes.bodyStructure && hasAttachment(m.attributes.bodyStructure)) judged.push(m.uid);
          },
        },
      );
      expect(judged.length).toBeGreaterThan(3);
      expect(Array.from(list.allUids()).sort((a, b) => a - b)).toEqual(judged.sort((a, b) => a - b));

      search.clear();
      await expect.poll(() => list.count).toBe(whole);
    } finally {
      search.dispose();
      list.dispose();
    }
  });

  it('searches every folder on a second connection and logs it out', async () => {
    const roots = buildFolderTree((await client.list()).mailboxes);
    const openSecondary = async () => {
      const secondary = await signedIn();
      opened.push(secondary);
      return secondary;
    };
    for (const word of ['项目', 'Планирование']) {
      const search = new AllFoldersSearch(
        openSecondary,
        { roots },
        form({ text: word, field: 'subject', scope: 'all' }),
      );
      await search.run();
      expect(search.phase).toBe('done');
      expect(search.skipped).toEqual([]);
      const expected = corpus.filter((m) => m.expect.subject.toLowerCase().includes(word.toLowerCase()));
      expect(new Set(expected.map((m) => m.folder)).size).toBeGreaterThan(1);
      const key = (mailbox: string, uid: number) => `${mailbox} ${uid}`;
      expect(search.results.map((r) => key(r.mailbox, r.uid)).sort()).toEqual(
        expected.map((m) => key(m.folder, m.uid)).sort(),
      );
      expect(search.total).toBe(expected.length);
      const dates = search.results.map((r) => r.row.date);
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
      expect(opened.at(-1)?.state).toBe('logout');
      for (const message of expected) {
        const found = search.results.find((r) => r.mailbox === message.folder && r.uid === message.uid);
        if (message.id === 'gbk-b-subject') expect(found?.row.subject).toBe(message.expect.subject);
      }
    }
  });
});
