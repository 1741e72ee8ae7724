import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH_FORM } from '../state/search-query.ts';
import { START_ROUTE, decodeFolder, encodeFolder, formatRoute, parseRoute } from './route.ts';
import type { Route } from './route.ts';

const folder = (name: string, more: Partial<Route> = {}): Route => ({
  ...START_ROUTE,
  folder: name,
  ...more,
});

describe('addresses', () => {
  it.each<[string, Route]>([
    ['#/', START_ROUTE],
    ['#/Inbox', folder('INBOX')],
    ['#/Work', folder('Work')],
    ['#/Work%2FProjects', folder('Work/Projects')],
    ['#/%D0%A0%D0%B0%D0%B1%D0%BE%D1%82%D0%B0', folder('Работа')],
    ['#/%E5%B7%A5%E4%BD%9C%2F%E9%A1%B9%E7%9B%AE', folder('工作/项目')],
    ['#/a%20b%3Fc%23d%25e%26f', folder('a b?c#d%e&f')],
    ['#/%7Etilde', folder('~tilde')],
    ['#/~%E4%BD%A0%FF', folder('\uDC00\u00e4\u00bd\u00a0\u00ff')],
    ['#/Inbox/1234?uv=1712345678', folder('INBOX', { message: { uid: 1234, uidValidity: 1712345678 } })],
    ['#/Inbox/4294967295', folder('INBOX', { message: { uid: 4294967295, uidValidity: null } })],
    [
      '#/Sent?q=%E5%8F%91%E7%A5%A8+invoice&in=subject&since=2024-01-01&until=2024-12-31&unread=1&flagged=1&att=1&scope=all',
      folder('Sent', {
        search: {
          text: '发票 invoice',
          field: 'subject',
          since: '2024-01-01',
          before: '2024-12-31',
          unread: true,
          flagged: true,
          attachment: true,
          scope: 'all',
        },
      }),
    ],
    [
      '#/Inbox/7?uv=3&q=x',
      folder('INBOX', { message: { uid: 7, uidValidity: 3 }, search: { ...EMPTY_SEARCH_FORM, text: 'x' } }),
    ],
    ['#/Drafts?compose=new', folder('Drafts', { compose: { kind: 'new' } })],
    [
      '#/Inbox?compose=draft%3A42&cuv=1712345690&cin=Drafts',
      folder('INBOX', { compose: { kind: 'draft', mailbox: 'Drafts', uidValidity: 1712345690, uid: 42 } }),
    ],
    [
      '#/Inbox/41?uv=7&compose=replyAll%3A41&cuv=7&cin=Inbox',
      folder('INBOX', {
        message: { uid: 41, uidValidity: 7 },
        compose: { kind: 'replyAll', mailbox: 'INBOX', uidValidity: 7, uid: 41 },
      }),
    ],
    [
      '#/Inbox?compose=forwardAttachment%3A5&cuv=9&cin=%25D0%25A0%25D0%25B0%25D0%25B1%25D0%25BE%25D1%2582%25D0%25B0%252F2024',
      folder('INBOX', {
        compose: { kind: 'forwardAttachment', mailbox: 'Работа/2024', uidValidity: 9, uid: 5 },
      }),
    ],
  ])('reads %s, and writes it back the same', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(formatRoute(route)).toBe(hash);
  });

  it.each<[string, Route]>([
    ['', START_ROUTE],
    ['#', START_ROUTE],
    ['#Inbox', START_ROUTE],
    ['/Inbox', folder('INBOX')],
    ['#/inbox', folder('INBOX')],
    ['#/INBOX', folder('INBOX')],
    ['#/工作', folder('工作')],
    ['#/Inbox/0', folder('INBOX')],
    ['#/Inbox/12x', folder('INBOX')],
    ['#/Inbox/-1', folder('INBOX')],
    ['#/Inbox/4294967296', folder('INBOX')],
    ['#/Inbox/012', folder('INBOX')],
    ['#/Inbox/1/2', START_ROUTE],
    ['#/%E0%A4%A', START_ROUTE],
    ['#/~', START_ROUTE],
    ['#/~%4', START_ROUTE],
    ['#/%ED%B0%80x', START_ROUTE],
    ['#/Inbox/5?uv=abc', folder('INBOX', { message: { uid: 5, uidValidity: null } })],
    ['#/Inbox?in=headers&since=yesterday&unread=yes', folder('INBOX')],
    ['#/Inbox?compose=reply', folder('INBOX')],
    ['#/Inbox?compose=draft%3A42', folder('INBOX')],
    ['#/Inbox?compose=draft%3A42&cin=Drafts', folder('INBOX')],
    ['#/Inbox?compose=draft%3A42&cuv=0&cin=Drafts', folder('INBOX')],
    ['#/Inbox?compose=send%3A42&cuv=3&cin=Drafts', folder('INBOX')],
    ['#/Inbox?compose=draft%3A42&cuv=3&cin=%25E0%25A4%25A', folder('INBOX')],
  ])('reads %j leniently as %j, never throwing', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('keeps every folder name through an address, whatever it holds', () => {
    const names = [
      'INBOX',
      'Work/Q1 2024',
      'Архив.2023',
      '郵件/草稿',
      '~',
      '~~x',
      '%41',
      'a+b',
      '\uDC00~%',
      '\uD83D\uDCE7 mail',
    ];
    for (const name of names) {
      const segment = encodeFolder(name);
      expect(segment).not.toBeNull();
      expect(segment).not.toContain('/');
      expect(segment).not.toContain('?');
      expect(decodeFolder(segment ?? '')).toBe(name);
    }
  });

  it('gives no address to a name no URL can carry', () => {
    expect(encodeFolder('broken\uDC00')).toBeNull();
    expect(formatRoute(folder('broken\uDC00'))).toBe('#/');
  });
});
