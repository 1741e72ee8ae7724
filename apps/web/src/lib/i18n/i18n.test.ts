import { describe, expect, it } from 'vitest';
import { t } from './i18n.svelte.ts';

describe('t', () => {
  it('returns the English message for a key', () => {
    expect(t('servers.heading')).toBe('Mail servers');
  });
});
