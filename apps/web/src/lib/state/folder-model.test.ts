import { encodeModifiedUtf7, mailboxNameFromWire, mailboxWireBytes } from '@webmail/imap-core';
import type { ListedMailbox } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import {
  FolderError,
  buildFolderTree,
  folderNameProblem,
  isWithin,
  renamedPath,
  subscribedOnly,
  visibleFolders,
} from './folder-model.ts';
import { SHARED_SECTION_PATH } from './folder-namespaces.ts';

const mailbox = (
  name: string,
  attributes: string[] = [],
  specialUse?: ListedMailbox['specialUse'],
): ListedMailbox => ({
  name,
  wireName: name,
  attributes,
  delimiter: '/',
  ...(specialUse ? { specialUse } : {}),
});

const collator = new Intl.Collator('en', { numeric: true });
const paths = (nodes: ReturnType<typeof buildFolderTree>): string[] =>
  visibleFolders(nodes, new Set()).map((item) => `${'  '.repeat(item.level - 1)}${item.node.path}`);

describe('buildFolderTree', () => {
  it('puts Inbox and the special-use folders first, in a fixed order, and sorts the rest', () => {
    const tree = buildFolderTree(
      [
        mailbox('Zeta'),
        mailbox('Trash', [], '\\Trash'),
        mailbox('alpha'),
        mailbox('Sent Items', [], '\\Sent'),
        mailbox('INBOX'),
        mailbox('Junk', [], '\\Junk'),
        mailbox('Archive', [], '\\Archive'),
        mailbox('Drafts', [], '\\Drafts'),
        mailbox('Folder 10'),
        mailbox('Folder 9'),
      ],
      { collator },
    );
    expect(tree.map((node) => [node.path, node.role])).toEqual([
      ['INBOX', 'inbox'],
      ['Drafts', 'drafts'],
      ['Sent Items', 'sent'],
      ['Junk', 'junk'],
      ['Trash', 'trash'],
      ['Archive', 'archive'],
      ['alpha', null],
      ['Folder 9', null],
      ['Folder 10', null],
      ['Zeta', null],
    ]);
  });

  it('nests on the delimiter and synthesizes unlisted parents as not selectable', () => {
    const tree = buildFolderTree(
      [
        mailbox('工作/项目'),
        mailbox('工作'),
        mailbox('Lists/dovecot'),
        mailbox('Lists/announce'),
        mailbox('Работа'),
      ],
      { collator },
    );
    expect(paths(tree)).toEqual([
      'Lists',
      '  Lists/announce',
      '  Lists/dovecot',
      'Работа',
      '工作',
      '  工作/项目',
    ]);
    const lists = tree.find((node) => node.path === 'Lists');
    expect(lists?.selectable).toBe(false);
    expect(lists?.children.map((child) => child.name)).toEqual(['announce', 'dovecot']);
    expect(tree.find((node) => node.path === '工作')?.selectable).toBe(true);
  });

  it('marks \\Noselect and \\NonExistent folders as not selectable', () => {
    const tree = buildFolderTree([
      mailbox('Lists', ['\\Noselect', '\\HasChildren']),
      mailbox('Gone', ['\\NonExistent']),
    ]);
    expect(tree.map((node) => node.selectable)).toEqual([false, false]);
  });

  it('treats any spelling of INBOX as the Inbox, with its children under it', () => {
    const tree = buildFolderTree([
      { ...mailbox('Inbox'), delimiter: '.' },
      { ...mailbox('Inbox.Reports'), delimiter: '.' },
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.path).toBe('INBOX');
    expect(tree[0]?.children.map((child) => child.path)).toEqual(['Inbox.Reports']);
  });

  it('recognizes common names as roles on a server without SPECIAL-USE, unless an attribute claims the role', () => {
    const tree = buildFolderTree([
      mailbox('INBOX'),
      mailbox('Sent'),
      mailbox('Spam'),
      mailbox('Deleted Items'),
    ]);
    expect(tree.map((node) => node.role)).toEqual(['inbox', 'sent', 'junk', 'trash']);
    const claimed = buildFolderTree([mailbox('Sent'), mailbox('Outbox', [], '\\Sent')]);
    expect(claimed.find((node) => node.path === 'Sent')?.role).toBeNull();
  });

  it('keeps a flat namespace (no delimiter) flat', () => {
    const tree = buildFolderTree([{ ...mailbox('a/b'), delimiter: null }]);
    expect(tree.map((node) => [node.path, node.depth])).toEqual([['a/b', 0]]);
  });
});

describe('visibleFolders', () => {
  it('skips the children of collapsed folders and numbers positions among siblings', () => {
    const tree = buildFolderTree([mailbox('A'), mailbox('A/x'), mailbox('A/y'), mailbox('B')], { collator });
    expect(visibleFolders(tree, new Set(['A'])).map((item) => [item.node.path, item.expanded])).toEqual([
      ['A', false],
      ['B', null],
    ]);
    expect(
      visibleFolders(tree, new Set()).map((item) => [
        item.node.path,
        item.level,
        item.position,
        item.siblings,
      ]),
    ).toEqual([
      ['A', 1, 1, 2],
      ['A/x', 2, 1, 2],
      ['A/y', 2, 2, 2],
      ['B', 1, 2, 2],
    ]);
  });
});

describe('subscriptions', () => {
  const listed = [
    mailbox('INBOX'),
    mailbox('Trash', [], '\\Trash'),
    mailbox('Spam'),
    mailbox('Old'),
    mailbox('Work'),
    mailbox('Work/2024'),
    mailbox('Lists', ['\\Noselect']),
    mailbox('Lists/a'),
  ];

  it('marks what the subscription list names, and every folder when it is unknown', () => {
    const tree = buildFolderTree(listed, { collator, subscribed: new Set(['Work/2024', 'Lists/a']) });
    expect(paths(tree).filter((p) => !p.startsWith(' '))).toEqual([
      'INBOX',
      'Spam',
      'Trash',
      'Lists',
      'Old',
      'Work',
    ]);
    const subscribed = visibleFolders(tree, new Set())
      .filter((item) => item.node.subscribed)
      .map((item) => item.node.path);
    expect(subscribed).toEqual(['Lists/a', 'Work/2024']);
    expect(buildFolderTree(listed).every((node) => node.subscribed)).toBe(true);
  });

  it('hides unsubscribed folders but keeps INBOX, role folders and the parents of what is shown', () => {
    const tree = buildFolderTree(listed, { collator, subscribed: new Set(['Work/2024', 'Lists/a']) });
    expect(paths(subscribedOnly(tree))).toEqual([
      'INBOX',
      'Spam',
      'Trash',
      'Lists',
      '  Lists/a',
      'Work',
      '  Work/2024',
    ]);
    expect(paths(subscribedOnly(buildFolderTree(listed, { collator, subscribed: new Set() })))).toEqual([
      'INBOX',
      'Spam',
      'Trash',
    ]);
  });

  it('goes by the subscribed set, not by a \\Subscribed mark the set no longer has', () => {
    const listed = [mailbox('A', ['\\Subscribed']), mailbox('B', ['\\Subscribed'])];
    const tree = buildFolderTree(listed, { subscribed: new Set(['B']) });
    expect(tree.map((node) => [node.path, node.subscribed])).toEqual([
      ['A', false],
      ['B', true],
    ]);
  });
});

describe('folder names and paths', () => {
  it.each([
    ['Отчёты 2024', '/', null],
    ['工作', '.', null],
    ['a/b', '/', 'folders.name.delimiter'],
    ['a.b', '.', 'folders.name.delimiter'],
    ['a.b', '/', null],
    ['a/b', null, null],
    ['', '/', 'folders.name.empty'],
    ['  ', '/', 'folders.name.empty'],
    ['50%', '/', 'folders.name.wildcard'],
    ['a*', '/', 'folders.name.wildcard'],
    ['tab\u0009here', '/', 'folders.name.control'],
  ])('%j with delimiter %j: %s', (name, delimiter, key) => {
    const problem = folderNameProblem(name, delimiter);
    expect(problem?.userMessage.key ?? null).toBe(key);
    if (problem) expect(problem).toBeInstanceOf(FolderError);
  });

  it('says whether a path lies within another and where it goes on a rename', () => {
    expect(isWithin('Work/2024', 'Work', '/')).toBe(true);
    expect(isWithin('Work', 'Work', '/')).toBe(true);
    expect(isWithin('Workshop', 'Work', '/')).toBe(false);
    expect(isWithin('Work/2024', 'Work', null)).toBe(false);
    expect(renamedPath('Work/2024', 'Work', 'Archive/Work')).toBe('Archive/Work/2024');
    expect(renamedPath('Work', 'Work', 'Job')).toBe('Job');
  });
});

describe('folders whose names do not decode (imap-core names them by their bytes)', () => {
  const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
  /** A LIST entry as imap-core gives it for these wire bytes. */
  const listedAs = (wire: Uint8Array): ListedMailbox => {
    const name = mailboxNameFromWire(wire);
    return { name, wireName: new TextDecoder().decode(wire), attributes: [], delimiter: '/' };
  };
  const rawUtf8 = listedAs(new TextEncoder().encode('Входящие'));
  const encoded = listedAs(latin1(encodeModifiedUtf7('Входящие')));
  const ampersand = listedAs(latin1('R&D'));
  const escapedAmpersand = listedAs(latin1('R&-D'));
  const underValid = listedAs(latin1('Work/\xc4\xe3'));
  const valid = listedAs(latin1('Work'));

  it('keeps two wire names that decode alike as two folders, each with its own path', () => {
    const tree = buildFolderTree([rawUtf8, encoded, ampersand, escapedAmpersand], { collator });
    expect(tree).toHaveLength(4);
    expect(new Set(tree.map((node) => node.path)).size).toBe(4);
    const byPath = new Map(tree.map((node) => [node.path, node]));
    expect(byPath.get(encoded.name)?.name).toBe('Входящие');
    expect(byPath.get(escapedAmpersand.name)?.name).toBe('R&D');
    // What does not decode shows its bytes, visibly escaped.
    expect(byPath.get(rawUtf8.name)?.name).toBe(
      '\\xD0\\x92\\xD1\\x85\\xD0\\xBE\\xD0\\xB4\\xD1\\x8F\\xD1\\x89\\xD0\\xB8\\xD0\\xB5',
    );
    expect(byPath.get(ampersand.name)?.name).toBe('R&D');
  });

  it('nests a name that does not decode under the listed parent that does', () => {
    const tree = buildFolderTree([valid, underValid], { collator });
    expect(tree.map((node) => node.path)).toEqual(['Work']);
    const [child] = tree[0]?.children ?? [];
    expect(child?.path).toBe(underValid.name);
    expect(child?.name).toBe('\\xC4\\xE3');
    expect([child?.depth, child?.selectable]).toEqual([1, true]);
    expect(isWithin(underValid.name, 'Work', '/')).toBe(true);
  });

  it('moves such a child along when its parent is renamed, keeping its bytes', () => {
    const moved = renamedPath(underValid.name, 'Work', 'Job');
    expect(mailboxWireBytes(moved)).toEqual(latin1('Job/\xc4\xe3'));
  });

  it('never takes such a name for a role folder', () => {
    const junk = listedAs(latin1('Junk&'));
    expect(buildFolderTree([junk]).map((node) => node.role)).toEqual([null]);
  });
});

describe('buildFolderTree: layouts of other servers (issue 13)', () => {
  const listed = (delimiter: string, names: [string, string[]?][]): ListedMailbox[] =>
    names.map(([name, attributes = []]) => ({ name, wireName: name, attributes, delimiter }));
  const roles = (nodes: ReturnType<typeof buildFolderTree>) =>
    visibleFolders(nodes, new Set()).map(({ node, level }) =>
      [`${'  '.repeat(level - 1)}${node.path}`, node.role ?? node.section ?? '-'].join(' '),
    );

  it('shows Courier folders (INBOX. prefix) beside Inbox and knows its Russian and Chinese special names', () => {
    const tree = buildFolderTree(
      listed('.', [
        ['INBOX'],
        ['INBOX.Drafts'],
        ['INBOX.Отправленные'],
        ['INBOX.已删除'],
        ['INBOX.Junk'],
        ['INBOX.Archive'],
        ['INBOX.Работа'],
        ['INBOX.工作'],
        ['INBOX.工作.项目'],
        ['INBOX.Lists', ['\\Noselect']],
        ['INBOX.Lists.Spam'],
      ]),
      { collator, namespaces: { personal: { prefix: 'INBOX.', delimiter: '.' }, other: [], shared: [] } },
    );
    expect(roles(tree)).toEqual([
      'INBOX inbox',
      'INBOX.Drafts drafts',
      'INBOX.Отправленные sent',
      'INBOX.Junk junk',
      'INBOX.已删除 trash',
      'INBOX.Archive archive',
      'INBOX.Lists -',
      // A "Spam" the user filed under Lists is theirs, not the account's Junk.
      '  INBOX.Lists.Spam -',
      'INBOX.Работа -',
      'INBOX.工作 -',
      '  INBOX.工作.项目 -',
    ]);
    expect(tree[0]?.children).toEqual([]);
    expect(tree.find((node) => node.path === 'INBOX.工作')?.children[0]?.parent).toBe('INBOX.工作');
    expect(tree.find((node) => node.path === 'INBOX.Работа')?.parent).toBeNull();
  });

  it('does the same for Cyrus (INBOX/ prefix) with Outlook-style and Chinese names', () => {
    const tree = buildFolderTree(
      listed('/', [
        ['INBOX'],
        ['INBOX/草稿'],
        ['INBOX/Sent Items'],
        ['INBOX/Deleted Items'],
        ['INBOX/Спам'],
        ['INBOX/Archives'],
        ['INBOX/Big'],
      ]),
      { collator, namespaces: { personal: { prefix: 'INBOX/', delimiter: '/' }, other: [], shared: [] } },
    );
    expect(roles(tree)).toEqual([
      'INBOX inbox',
      'INBOX/草稿 drafts',
      'INBOX/Sent Items sent',
      'INBOX/Спам junk',
      'INBOX/Deleted Items trash',
      'INBOX/Archives archive',
      'INBOX/Big -',
    ]);
  });

  it('knows role names under INBOX on a server whose personal prefix is "" too', () => {
    const tree = buildFolderTree(listed('/', [['INBOX'], ['INBOX/Trash'], ['Work'], ['Work/Trash']]), {
      collator,
    });
    expect(roles(tree)).toEqual(['INBOX inbox', '  INBOX/Trash trash', 'Work -', '  Work/Trash -']);
  });

  it("makes sections of other users' (Dovecot shared/) and Cyrus's prefix-less shared folders", () => {
    const dovecot = buildFolderTree(
      listed('/', [
        ['INBOX'],
        ['Trash', ['\\Trash']],
        ['shared', ['\\Noselect', '\\HasChildren']],
        ['shared/alice', ['\\HasChildren']],
        ['shared/alice/Работа'],
        ['shared/alice/Sent', []],
      ]).map((m) => (m.name === 'Trash' ? { ...m, specialUse: '\\Trash' as const } : m)),
      {
        collator,
        namespaces: {
          personal: { prefix: '', delimiter: '/' },
          other: [{ prefix: 'shared/', delimiter: '/' }],
          shared: [],
        },
      },
    );
    expect(roles(dovecot)).toEqual([
      'INBOX inbox',
      'Trash trash',
      'shared other',
      '  shared/alice -',
      // Alice's Sent is hers: roles are for the user's own folders.
      '    shared/alice/Sent -',
      '    shared/alice/Работа -',
    ]);
    const section = dovecot.find((node) => node.section === 'other');
    expect(section?.selectable).toBe(false);
    expect(section?.children[0]?.namespace).toBe('other');
    expect(section?.children[0]?.selectable).toBe(true);

    const cyrus = buildFolderTree(
      listed('.', [
        ['INBOX'],
        ['INBOX.Sent'],
        ['user', ['\\Noselect']],
        ['user.bob'],
        ['Public'],
        ['Public.Notes'],
      ]),
      {
        collator,
        namespaces: {
          personal: { prefix: 'INBOX.', delimiter: '.' },
          other: [{ prefix: 'user.', delimiter: '.' }],
          shared: [{ prefix: '', delimiter: '.' }],
        },
      },
    );
    expect(roles(cyrus)).toEqual([
      'INBOX inbox',
      'INBOX.Sent sent',
      'user other',
      '  user.bob -',
      `${SHARED_SECTION_PATH} shared`,
      '  Public -',
      '    Public.Notes -',
    ]);
  });

  it('takes the roles the user chose before names, and never over a SPECIAL-USE attribute', () => {
    const tree = buildFolderTree(
      [
        ...listed('.', [['INBOX'], ['INBOX.Trash'], ['INBOX.Мусор'], ['INBOX.Old']]),
        { name: 'INBOX.Bin', wireName: 'INBOX.Bin', attributes: [], delimiter: '.', specialUse: '\\Junk' },
      ],
      {
        collator,
        namespaces: { personal: { prefix: 'INBOX.', delimiter: '.' }, other: [], shared: [] },
        chosenRoles: new Map([
          ['trash', 'INBOX.Мусор'],
          ['junk', 'INBOX.Old'],
        ]),
      },
    );
    expect(roles(tree)).toEqual([
      'INBOX inbox',
      'INBOX.Bin junk',
      'INBOX.Мусор trash',
      'INBOX.Old -',
      'INBOX.Trash -',
    ]);
  });
});
