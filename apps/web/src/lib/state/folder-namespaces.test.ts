import type { ListedMailbox } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import {
  guessPersonalNamespace,
  isSectionPath,
  prefixFolder,
  SHARED_SECTION_PATH,
} from './folder-namespaces.ts';

const listed = (delimiter: string | null, ...names: string[]): ListedMailbox[] =>
  names.map((name) => ({ name, wireName: name, attributes: [], delimiter }));

describe('guessPersonalNamespace (a server without NAMESPACE)', () => {
  it.each<[string, ListedMailbox[], string]>([
    ['every folder under INBOX (Courier)', listed('.', 'INBOX', 'INBOX.Sent', 'INBOX.Trash'), 'INBOX.'],
    ['the server spelling INBOX its own way', listed('.', 'Inbox', 'Inbox.Sent'), 'Inbox.'],
    ['folders beside INBOX (Dovecot)', listed('/', 'INBOX', 'Sent', 'INBOX/Old'), ''],
    ['INBOX alone', listed('/', 'INBOX'), ''],
    ['a flat server', listed(null, 'INBOX', 'INBOX.Sent'), ''],
  ])('%s', (_name, mailboxes, prefix) => {
    expect(guessPersonalNamespace(mailboxes).prefix).toBe(prefix);
  });
});

describe('prefixFolder', () => {
  it.each([
    ['INBOX.', '.', 'INBOX'],
    ['inbox/', '/', 'INBOX'],
    ['shared/', '/', 'shared'],
    ['#shared', null, '#shared'],
    ['', '/', null],
  ])('%j with %j is %j', (prefix, delimiter, folder) => {
    expect(prefixFolder({ prefix, delimiter })).toBe(folder);
  });
});

it('marks the heading of a prefix-less shared namespace with a path no mailbox can have', () => {
  expect(isSectionPath(SHARED_SECTION_PATH)).toBe(true);
  expect(isSectionPath('shared')).toBe(false);
});
