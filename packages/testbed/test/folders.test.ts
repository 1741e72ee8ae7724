import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../src/corpus/index.ts';
import { BIG_FOLDER, CORPUS_FOLDERS } from '../src/corpus/folders.ts';
import { startDovecot } from '../src/dovecot.ts';
import type { RawImap } from '../src/raw-imap.ts';
import type { DovecotServer } from '../src/types.ts';
import { login, parseList, type ListEntry } from './support/imap.ts';

const BIG_FOLDER_SIZE = 500;
let server: DovecotServer;
let client: RawImap;
let listed: ListEntry[];

beforeAll(async () => {
  server = await startDovecot({ corpus: true, bigFolderSize: BIG_FOLDER_SIZE });
  client = await login(server);
  listed = parseList((await client.ok('LIST "" "*"')).untagged);
});
afterAll(async () => {
  client?.close();
  await server?.stop();
});

/** RFC 3501 §5.1.3 computed here from UTF-16 code units, independently of src/mutf7.ts. */
function expectedWireName(name: string): string {
  return name
    .split('/')
    .map((segment) =>
      segment.replace(/[^\x20-\x7e]+/g, (run) => {
        const utf16be = Buffer.from(run, 'utf16le').swap16();
        return `&${utf16be.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
      }),
    )
    .join('/');
}

const attributesOf = (name: string): string[] =>
  listed.find((entry) => entry.name === name)?.attributes ?? [];

describe('folders of the seeded corpus', () => {
  it('lists every corpus folder under its modified UTF-7 name with "/" as delimiter', () => {
    const names = listed.map((entry) => entry.name);
    for (const folder of CORPUS_FOLDERS) {
      expect(folder.wireName).toBe(expectedWireName(folder.name));
      expect(names).toContain(folder.wireName);
    }
    expect(names).toContain(expectedWireName('Работа'));
    expect(names).toContain(`${expectedWireName('工作')}/${expectedWireName('项目')}`);
    expect(new Set(listed.map((entry) => entry.delimiter))).toEqual(new Set(['/']));
  });

  it('marks the special-use folders (RFC 6154)', async () => {
    for (const folder of CORPUS_FOLDERS.filter((f) => f.specialUse)) {
      expect(attributesOf(folder.wireName), folder.name).toContain(folder.specialUse);
    }
    const special = parseList((await client.ok('LIST (SPECIAL-USE) "" "*"')).untagged);
    expect(special.map((entry) => entry.name).sort()).toEqual(['Archive', 'Drafts', 'Junk', 'Sent', 'Trash']);
  });

  it('shows the implicit parent "Lists" as \\Noselect with children, and 工作 as a selectable parent', () => {
    expect(attributesOf('Lists')).toEqual(expect.arrayContaining(['\\Noselect', '\\HasChildren']));
    expect(attributesOf(expectedWireName('工作'))).toContain('\\HasChildren');
    expect(attributesOf(expectedWireName('工作'))).not.toContain('\\Noselect');
  });

  it('subscribes every corpus folder', async () => {
    const subscribed = parseList((await client.ok('LIST (SUBSCRIBED) "" "*"')).untagged).map(
      (entry) => entry.name,
    );
    for (const folder of CORPUS_FOLDERS) expect(subscribed).toContain(folder.wireName);
  });

  it('holds as many messages per folder as the corpus says, and bigFolderSize in Big', async () => {
    const corpus = buildCorpus();
    for (const folder of CORPUS_FOLDERS) {
      const { untagged } = await client.ok(`STATUS "${folder.wireName}" (MESSAGES)`);
      const count = Number(/MESSAGES (\d+)/.exec(untagged[0]?.text ?? '')?.[1]);
      const expected =
        folder.name === BIG_FOLDER ? BIG_FOLDER_SIZE : corpus.filter((m) => m.folder === folder.name).length;
      expect(count, folder.name).toBe(expected);
    }
  });

  it('has fixed UIDVALIDITY values, so UIDs are stable across runs', async () => {
    const { untagged } = await client.ok('STATUS INBOX (UIDVALIDITY UIDNEXT)');
    expect(untagged[0]?.text).toMatch(/\bUIDVALIDITY 1700000000\b/);
    const inboxCount = buildCorpus().filter((message) => message.folder === 'INBOX').length;
    expect(untagged[0]?.text).toMatch(new RegExp(`\\bUIDNEXT ${inboxCount + 1}\\b`));
  });
});
