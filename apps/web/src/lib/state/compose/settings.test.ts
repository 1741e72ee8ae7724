import { describe, expect, it } from 'vitest';
import { ComposeSettings, DEFAULT_UNDO_SECONDS } from './settings.svelte.ts';

function memory(initial: string | null = null) {
  let value = initial;
  return {
    getItem: () => value,
    setItem: (_: string, next: string) => void (value = next),
    read: () => value,
  };
}

describe('ComposeSettings', () => {
  it('gives a fresh user 5 seconds to undo a send, and new messages in rich text', () => {
    for (const storage of [memory(), null]) {
      const settings = new ComposeSettings(storage);
      expect(settings.undoSeconds).toBe(5);
      expect(settings.format).toBe('html');
    }
  });

  it('keeps the undo delay and the format in this browser, and reads them back', () => {
    const storage = memory();
    const settings = new ComposeSettings(storage);
    expect([settings.undoSeconds, settings.format]).toEqual([DEFAULT_UNDO_SECONDS, 'html']);
    settings.setUndoSeconds(20);
    settings.setFormat('text');
    settings.setUndoSeconds(7); // not a choice the app offers
    expect(JSON.parse(storage.read()!)).toEqual({ undoSeconds: 20, format: 'text' });
    const again = new ComposeSettings(storage);
    expect([again.undoSeconds, again.format]).toEqual([20, 'text']);
  });

  it.each(['{', '{"undoSeconds":3600,"format":"pdf"}', 'null', '[]'])('ignores a stored %s', (stored) => {
    const settings = new ComposeSettings(memory(stored));
    expect([settings.undoSeconds, settings.format]).toEqual([DEFAULT_UNDO_SECONDS, 'html']);
  });
});
