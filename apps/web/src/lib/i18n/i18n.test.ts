import { describe, expect, it } from 'vitest';
import app from './en/app.ts';
import folders from './en/folders.ts';
import messages from './en/messages.ts';
import { t } from './i18n.svelte.ts';

describe('t', () => {
  it('returns the English message for a key', () => {
    expect(t('servers.heading')).toBe('Mail servers');
  });

  it.each([
    [0, 'No messages'],
    [1, '1 message'],
    [100000, '100,000 messages'],
  ])('formats plurals and numbers: %i', (count, expected) => {
    expect(t('messages.count', { count })).toBe(expected);
  });

  it('fills in values, and server text is text, not a message pattern', () => {
    expect(t('error.auth.failed', { text: 'Bad {password}' })).toBe(
      'Sign-in failed. The server says: Bad {password}',
    );
  });

  it('has a valid ICU pattern behind every key of the shell, folders and list catalogs', () => {
    const keys = Object.keys({ ...app, ...folders, ...messages }) as (
      keyof typeof app | keyof typeof folders | keyof typeof messages
    )[];
    for (const key of keys) {
      expect(() =>
        t(key, {
          count: 1,
          text: 'x',
          folder: 'x',
          user: 'x',
          names: 'x',
          reason: 'x',
          detail: 'x',
          percent: 0.5,
        }),
      ).not.toThrow();
    }
  });
});
