import { CommandError } from '@webmail/imap-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftSaver } from './draft-saver.svelte.ts';
import { FakeDraftStore, testDraft } from './testing.ts';

const build = (): Uint8Array => new TextEncoder().encode('a message');

describe('DraftSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves a few seconds after the last change, not at every change', async () => {
    const store = new FakeDraftStore();
    const draft = testDraft();
    const saver = new DraftSaver(draft, { store, build, delayMs: 3000 });
    draft.setSubject('H');
    await vi.advanceTimersByTimeAsync(2000);
    draft.setSubject('He');
    await vi.advanceTimersByTimeAsync(2999);
    expect(store.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.ops()).toEqual(['save']);
    expect(saver.status).toBe('saved');
    expect(saver.saved).toEqual({ mailbox: 'Drafts', uidValidity: 9, uid: 101 });
    expect(saver.dirty).toBe(false);
  });

  it('replaces the version it saved last, one save at a time, and saves a change made during a save', async () => {
    const store = new FakeDraftStore();
    const draft = testDraft();
    const saver = new DraftSaver(draft, { store, build, delayMs: 1000 });
    let release!: () => void;
    store.hold = new Promise((resolve) => (release = resolve));
    draft.setSubject('one');
    await vi.advanceTimersByTimeAsync(1000);
    expect(saver.status).toBe('saving');
    draft.setSubject('two');
    const closing = saver.saveNow();
    store.hold = null;
    release();
    await closing;
    expect(store.calls.map((call) => (call.op === 'save' ? (call.previous?.uid ?? null) : call.op))).toEqual([
      null,
      101,
    ]);
    expect(saver.saved?.uid).toBe(102);
    expect(saver.dirty).toBe(false);
  });

  it('keeps pointing at the previous version and says why when a save is refused', async () => {
    const store = new FakeDraftStore();
    const draft = testDraft();
    const saver = new DraftSaver(draft, { store, build });
    draft.setSubject('v1');
    await saver.saveNow();
    store.refuse.set(
      'save',
      new CommandError('APPEND', 'NO', null, 'Quota exceeded (mailbox for user is full)'),
    );
    draft.setSubject('v2');
    await expect(saver.saveNow()).rejects.toBeInstanceOf(CommandError);
    expect(saver.status).toBe('failed');
    expect(saver.error?.values?.text).toBe('Quota exceeded (mailbox for user is full)');
    expect(saver.saved?.uid).toBe(101);
    expect(saver.dirty).toBe(true);
    // The next try still replaces version 1.
    await saver.saveNow();
    expect(store.calls.at(-1)).toMatchObject({ op: 'save', previous: { uid: 101 } });
  });

  it('does not save a new draft nobody changed or wrote anything in, unless asked to before sending', async () => {
    const store = new FakeDraftStore();
    const untouched = new DraftSaver(testDraft(), { store, build });
    expect(await untouched.saveNow()).toBe(false);
    const empty = testDraft({ to: [], subject: '', body: { format: 'text', html: '', text: '' } });
    const emptySaver = new DraftSaver(empty, { store, build });
    empty.setSubject('');
    empty.touch();
    expect(await emptySaver.saveNow()).toBe(false);
    expect(store.calls).toEqual([]);
    expect(await untouched.saveNow({ force: true })).toBe(true);
    expect(store.ops()).toEqual(['save']);
  });

  it('removes the saved version (after a save under way) and forgets it', async () => {
    const store = new FakeDraftStore();
    const draft = testDraft();
    const saver = new DraftSaver(draft, {
      store,
      build,
      saved: { mailbox: 'Drafts', uidValidity: 9, uid: 7 },
    });
    expect(saver.status).toBe('saved');
    expect(await saver.removeSaved()).toBe('expunged');
    expect(store.calls).toEqual([{ op: 'remove', draft: { mailbox: 'Drafts', uidValidity: 9, uid: 7 } }]);
    expect(saver.saved).toBeNull();
    expect(await saver.removeSaved()).toBe('none');
  });

  it('tries a failed autosave again later, while the changes are still not saved', async () => {
    const store = new FakeDraftStore();
    const draft = testDraft();
    const saver = new DraftSaver(draft, { store, build, delayMs: 1000, retryMs: 10_000 });
    store.refuse.set('save', new Error('the connection closed'));
    draft.setSubject('offline for a moment');
    await vi.advanceTimersByTimeAsync(1000);
    expect(saver.status).toBe('failed');
    await vi.advanceTimersByTimeAsync(9999);
    expect(store.ops()).toEqual(['save']);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.ops()).toEqual(['save', 'save']);
    expect(saver.status).toBe('saved');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.ops()).toEqual(['save', 'save']);
  });
});
