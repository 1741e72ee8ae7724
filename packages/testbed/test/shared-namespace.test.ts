import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../src/corpus/index.ts';
import { startDovecot } from '../src/dovecot.ts';
import { encodeMailboxName } from '../src/mutf7.ts';
import { quoted } from '../src/raw-imap.ts';
import type { DovecotServer, TestUser } from '../src/types.ts';
import { login, parseList } from './support/imap.ts';

// The default variant's shared namespace (RFC 2342 "other users", ACL plugin, RFC 4314): what a user sees
// of folders another user shares, as Dovecot 2.3.19 answers.

const ALICE: TestUser = { name: 'alice', password: 'alice-password' };
const BOB: TestUser = { name: 'bob', password: 'bob-password' };
const CAROL: TestUser = { name: 'carol', password: 'carol-password' };
const corpus = buildCorpus();
const wire = (name: string): string => quoted(encodeMailboxName(name));

let server: DovecotServer;
beforeAll(async () => {
  server = await startDovecot({
    corpus: true,
    users: [ALICE, BOB, CAROL],
    shares: [
      { owner: 'alice', folder: 'Работа', with: 'bob' },
      { owner: 'alice', folder: '工作/项目', with: 'bob', rights: 'lrswi' },
      { owner: 'alice', folder: 'INBOX', with: 'bob', rights: 'lr' },
    ],
  });
});
afterAll(() => server?.stop());

describe('the shared namespace of the default variant', () => {
  it('is announced to everyone, as the "other users" namespace, with ACL', async () => {
    const carol = await login(server, CAROL);
    expect((await carol.ok('NAMESPACE')).untagged.map((r) => r.text)).toEqual([
      '* NAMESPACE (("" "/")) (("shared/" "/")) NIL',
    ]);
    const capabilities = (await carol.ok('CAPABILITY')).untagged[0]?.text.split(' ') ?? [];
    expect(capabilities).toEqual(expect.arrayContaining(['ACL', 'RIGHTS=texk']));
    // Nothing is shared with carol: no shared folder is listed.
    const names = parseList((await carol.ok('LIST "" "*"')).untagged).map((entry) => entry.name);
    expect(names.filter((name) => name.startsWith('shared'))).toEqual([]);
    carol.close();
  });

  it("lists what alice shares with bob under shared/alice, her INBOX as the namespace's root", async () => {
    const bob = await login(server, BOB);
    const shared = parseList((await bob.ok('LIST "" "shared*"')).untagged).map((e) => [e.name, e.attributes]);
    expect(shared).toEqual([
      ['shared', ['\\Noselect', '\\HasChildren']],
      ['shared/alice', ['\\HasChildren']],
      [`shared/alice/${encodeMailboxName('Работа')}`, ['\\HasNoChildren']],
      // Pinned: the unshared parent 工作 is not listed at all, only its shared child.
      [`shared/alice/${encodeMailboxName('工作/项目')}`, ['\\HasNoChildren']],
    ]);
    // Pinned: with LAYOUT=fs, alice's INBOX is "shared/alice" itself; "shared/alice/INBOX" opens the same
    // mailbox but is not listed.
    const inboxCount = corpus.filter((m) => m.folder === 'INBOX').length;
    for (const name of ['shared/alice', 'shared/alice/INBOX']) {
      const examined = await bob.ok(`EXAMINE ${wire(name)}`);
      expect(
        examined.untagged.map((r) => r.text),
        name,
      ).toContain(`* ${inboxCount} EXISTS`);
    }
    expect((await bob.ok('LIST "" "shared/alice/INBOX"')).untagged).toEqual([]);
    bob.close();
  });

  it('grants exactly the rights given: MYRIGHTS, what SELECT permits, and refusals past them', async () => {
    const bob = await login(server, BOB);
    const rights = async (name: string): Promise<string | undefined> =>
      (await bob.ok(`MYRIGHTS ${wire(name)}`)).untagged[0]?.text.split(' ').at(-1);
    expect(await rights('shared/alice/Работа')).toBe('lrs');
    expect(await rights('shared/alice/工作/项目')).toBe('lrwsi'); // Dovecot's letter order
    expect(await rights('shared/alice/INBOX')).toBe('lr');
    // 's' makes the folder READ-WRITE for \Seen alone.
    const selected = await bob.ok(`SELECT ${wire('shared/alice/Работа')}`);
    expect(selected.completion).toMatch(/^OK \[READ-WRITE\]/);
    const count = corpus.filter((m) => m.folder === 'Работа').length;
    expect(selected.untagged.map((r) => r.text)).toEqual(
      expect.arrayContaining([`* ${count} EXISTS`, '* OK [PERMANENTFLAGS (\\Seen)] Flags permitted.']),
    );
    // Pinned: a flag the rights do not cover is dropped without a word (no 't': no \Deleted), the rest is set.
    const stored = await bob.command('UID STORE 1 +FLAGS.SILENT (\\Deleted \\Seen)');
    expect(stored.status).toBe('OK');
    expect((await bob.ok('UID FETCH 1 FLAGS')).untagged[0]?.text).toBe('* 1 FETCH (UID 1 FLAGS (\\Seen))');
    expect((await bob.ok(`SELECT ${wire('shared/alice/INBOX')}`)).completion).toMatch(/^OK \[READ-ONLY\]/);
    const append = await bob.command(
      `APPEND ${wire('shared/alice/Работа')} {20+}\r\nSubject: nope\r\n\r\nx\r\n`,
    );
    expect(append.completion).toMatch(/^NO \[NOPERM\] Permission denied/);
    expect(
      (await bob.command(`APPEND ${wire('shared/alice/工作/项目')} {18+}\r\nSubject: ok\r\n\r\nx\r\n`))
        .status,
    ).toBe('OK');
    expect((await bob.command(`GETACL ${wire('shared/alice/INBOX')}`)).completion).toMatch(/^NO \[NOPERM\]/);
    bob.close();
  });

  it("changes nothing for the owner's own folders", async () => {
    const alice = await login(server, ALICE);
    expect((await alice.ok('MYRIGHTS INBOX')).untagged[0]?.text).toBe('* MYRIGHTS INBOX lrwstipekxacd');
    const acl = (await alice.ok(`GETACL ${wire('Работа')}`)).untagged[0]?.text;
    expect(acl).toBe(`* ACL ${encodeMailboxName('Работа')} bob lrs alice lrwstipekxacd`);
    alice.close();
  });
});

describe('shares', () => {
  // prettier-ignore
  it.each([
    [{ variant: 'courier' as const, shares: [{ owner: 'demo', folder: 'INBOX', with: 'demo' }] }, "the 'courier' variant has no shared namespace; shares need 'full'"],
    [{ shares: [{ owner: 'demo', folder: 'INBOX', with: 'nobody-here' }] }, 'share names unknown test user nobody-here'],
    [{ shares: [{ owner: 'demo', folder: 'INBOX', with: 'demo' }] }, 'demo cannot share a folder with itself'],
  ])('are refused before anything starts: %j', async (options, message) => {
    await expect(startDovecot(options)).rejects.toThrow(message);
  });

  it('refuse rights that are not RFC 4314 letters', async () => {
    await expect(
      startDovecot({
        users: [ALICE, BOB],
        shares: [{ owner: 'alice', folder: 'INBOX', with: 'bob', rights: 'lr z' }],
      }),
    ).rejects.toThrow('share rights must be RFC 4314 letters, got "lr z"');
  });
});
