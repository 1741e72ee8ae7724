import { describe, expect, it } from 'vitest';
import { assignRoles, roleByName } from './folder-roles.ts';
import type { RoleCandidate } from './folder-roles.ts';

const candidate = (path: string, options: Partial<RoleCandidate> = {}): RoleCandidate => ({
  path,
  name: path.split(/[./]/).at(-1) ?? path,
  specialUse: null,
  nameCounts: true,
  ...options,
});

describe('roleByName', () => {
  it.each([
    ['Sent', 'sent'],
    ['Sent Items', 'sent'],
    ['sent messages', 'sent'],
    ['Отправленные', 'sent'],
    ['已发送', 'sent'],
    ['寄件備份', 'sent'],
    ['Trash', 'trash'],
    ['Deleted Items', 'trash'],
    ['Корзина', 'trash'],
    ['Удалённые', 'trash'],
    ['已删除', 'trash'],
    ['Drafts', 'drafts'],
    ['Черновики', 'drafts'],
    ['草稿箱', 'drafts'],
    ['草稿', 'drafts'],
    ['Junk', 'junk'],
    ['Spam', 'junk'],
    ['Junk E-mail', 'junk'],
    ['Спам', 'junk'],
    ['垃圾邮件', 'junk'],
    ['Archive', 'archive'],
    ['Archives', 'archive'],
    ['Архив', 'archive'],
    ['归档', 'archive'],
    ['  SPAM ', 'junk'],
    // NFD (a decomposed "й"/"ё" as macOS writes file names) is the same name.
    ['Удалённые'.normalize('NFD'), 'trash'],
  ])('knows %j as %s', (name, role) => {
    expect(roleByName(name)?.role).toBe(role);
  });

  it.each(['Inbox', 'Исходящие', 'Outbox', 'Работа', 'Sent 2024', 'Templates', ''])(
    'gives %j no role',
    (name) => {
      expect(roleByName(name)).toBeNull();
    },
  );
});

describe('assignRoles', () => {
  it('gives each role to one folder and each folder at most one role', () => {
    const roles = assignRoles([
      candidate('INBOX.Spam'),
      candidate('INBOX.Junk'),
      candidate('INBOX.Trash'),
      candidate('INBOX.Корзина'),
    ]);
    // The more usual name wins: Junk before Spam, Trash before Корзина.
    expect(roles).toEqual(
      new Map([
        ['INBOX.Junk', 'junk'],
        ['INBOX.Trash', 'trash'],
      ]),
    );
  });

  it('lets a SPECIAL-USE attribute win over the user choice and over names, wherever the folder is', () => {
    const roles = assignRoles(
      [
        candidate('Trash'),
        candidate('Lists/Papierkorb', { specialUse: '\\Trash', nameCounts: false }),
        candidate('Old mail'),
      ],
      new Map([['trash', 'Old mail']]),
    );
    expect(roles).toEqual(new Map([['Lists/Papierkorb', 'trash']]));
  });

  it('puts the user choice before names, and a chosen folder keeps only that role', () => {
    const roles = assignRoles(
      [candidate('INBOX/Junk'), candidate('INBOX/Мусор'), candidate('INBOX/Spam')],
      new Map([
        ['trash', 'INBOX/Мусор'],
        ['archive', 'INBOX/Junk'],
      ]),
    );
    expect(roles).toEqual(
      new Map([
        ['INBOX/Мусор', 'trash'],
        ['INBOX/Junk', 'archive'],
        ['INBOX/Spam', 'junk'],
      ]),
    );
  });

  it('ignores a choice naming a folder that is not listed, and names deeper in the tree', () => {
    const roles = assignRoles(
      [candidate('Lists/Spam', { nameCounts: false }), candidate('Projects/Archive', { nameCounts: false })],
      new Map([['junk', 'Gone']]),
    );
    expect(roles.size).toBe(0);
  });
});
