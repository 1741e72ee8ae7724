import type { Editor } from '@tiptap/core';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComposeDesk, Composition } from '../../lib/state/compose/desk.svelte.ts';
import { DraftSaver } from '../../lib/state/compose/draft-saver.svelte.ts';
import { DraftSender } from '../../lib/state/compose/draft-sender.svelte.ts';
import { IdentityBook } from '../../lib/state/compose/identities.svelte.ts';
import { ComposeSettings } from '../../lib/state/compose/settings.svelte.ts';
import { FakeDraftStore, testDraft } from '../../lib/state/compose/testing.ts';
import { mountInBody, unmountAll } from '../../testing/dom.ts';
import ComposeWindow from './ComposeWindow.svelte';

afterEach(unmountAll);

function render(format: 'html' | 'text' = 'text') {
  const draft = testDraft({ body: { format, html: format === 'html' ? '<p>Hi</p>' : '', text: 'Hi' } });
  const store = new FakeDraftStore();
  const saver = new DraftSaver(draft, { store, build: () => new Uint8Array(1) });
  const sender = new DraftSender(draft, saver, {
    submit: () => Promise.reject(new Error('unused')),
    store,
    savesSentCopy: false,
  });
  const composition: Composition = { draft, saver, sender };
  const calls: string[] = [];
  const desk = {
    identities: new IdentityBook({ user: 'ann@example.org', upstream: { name: 'main' } }, null),
    settings: new ComposeSettings(null),
    wide: false,
    canSend: true,
    suggest: () => [],
    setWide: () => calls.push('wide'),
    send: async () => void calls.push('send'),
    close: async () => calls.push('close') > 0,
    discard: async () => void calls.push('discard'),
  } as unknown as ComposeDesk;
  mountInBody(ComposeWindow, { desk, composition, narrow: false, onMinimize: () => calls.push('minimize') });
  flushSync();
  return { draft, calls, window: document.querySelector<HTMLElement>('section.window')! };
}

const key = (target: Element, init: KeyboardEventInit) => {
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  flushSync();
};

/** The DataTransfer of a drag or paste carrying `files` (jsdom has none): what the handlers read of it. */
function carrying(files: File[]) {
  return {
    files,
    items: files.map((file) => ({ kind: 'file', type: file.type, getAsFile: () => file })),
    types: files.length > 0 ? ['Files'] : ['text/plain'],
    getData: (type: string) => (files.length > 0 ? '' : type === 'text/plain' ? 'some text' : ''),
  };
}

const fileEvent = (type: 'dragover' | 'drop' | 'paste', files: File[]) => {
  const event = new Event(type, { bubbles: true, cancelable: true });
  const property = type === 'paste' ? 'clipboardData' : 'dataTransfer';
  Object.defineProperty(event, property, { value: carrying(files) });
  return event;
};

const dispatch = (target: Element, event: Event) => {
  target.dispatchEvent(event);
  flushSync();
  return event;
};

// jsdom lays nothing out and its Range has no rectangles: ProseMirror measures the caret after an insertion
// to scroll it into view, and gets an empty box.
const NO_BOX = { x: 0, y: 0, left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 } as DOMRect;
Range.prototype.getClientRects ??= () => [] as unknown as DOMRectList;
Range.prototype.getBoundingClientRect ??= () => NO_BOX;

/** A 1x1 PNG. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

describe('ComposeWindow', () => {
  it('is a region named by its subject, with From, To, Subject and the text labelled', () => {
    const { window } = render();
    expect(window.getAttribute('aria-labelledby')).toBe(window.querySelector('h2')?.id);
    expect(window.querySelector('h2')?.textContent).toBe('Hello');
    for (const label of ['From', 'To', 'Subject'])
      expect([...window.querySelectorAll('label')].some((l) => l.textContent === label)).toBe(true);
    expect(window.querySelector('textarea')?.getAttribute('aria-label')).toBe('Message text');
    expect(window.querySelector<HTMLSelectElement>('select')?.value).toBe('ann@example.org');
  });

  it('sends with Ctrl+Enter and minimizes with Escape', () => {
    const { window, calls } = render();
    key(window.querySelector('textarea')!, { key: 'Enter', ctrlKey: true });
    key(window.querySelector('textarea')!, { key: 'Escape' });
    expect(calls).toEqual(['send', 'minimize']);
  });

  it('attaches a file pasted into the plain text', () => {
    const { window, draft } = render();
    const file = new File(['привет'], 'заметка.txt', { type: 'text/plain' });
    const paste = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent;
    Object.defineProperty(paste, 'clipboardData', { value: { files: [file], getData: () => '' } });
    window.querySelector('textarea')!.dispatchEvent(paste);
    flushSync();
    expect(paste.defaultPrevented).toBe(true);
    expect(draft.attachments.items.map((a) => [a.filename, a.contentType])).toEqual([
      ['заметка.txt', 'text/plain'],
    ]);
  });

  it('attaches a file dropped anywhere on the window, and leaves a drag of text to the browser', () => {
    const { window, draft } = render();
    const file = new File(['%PDF-1.4'], 'счёт.pdf', { type: 'application/pdf' });
    expect(dispatch(window.querySelector('h2')!, fileEvent('dragover', [file])).defaultPrevented).toBe(true);
    expect(dispatch(window.querySelector('textarea')!, fileEvent('drop', [file])).defaultPrevented).toBe(
      true,
    );
    expect(draft.attachments.items.map((a) => [a.filename, a.contentType])).toEqual([
      ['счёт.pdf', 'application/pdf'],
    ]);

    expect(dispatch(window, fileEvent('dragover', [])).defaultPrevented).toBe(false);
    expect(dispatch(window, fileEvent('drop', [])).defaultPrevented).toBe(false);
    expect(draft.attachments.items).toHaveLength(1);
  });

  it('puts an image pasted into the rich text in the text, not among the attachments', async () => {
    const { window, draft } = render('html');
    const image = new File([PNG], 'снимок.png', { type: 'image/png' });
    const paste = dispatch(window.querySelector('.editor-text p')!, fileEvent('paste', [image]));
    expect(paste.defaultPrevented).toBe(true);
    await vi.waitFor(() =>
      expect(draft.content().html).toMatch(
        /<img [^>]*src="data:image\/png;base64,iVBORw0KGgo[^"]*" alt="снимок\.png">/,
      ),
    );
    expect(draft.attachments.items).toEqual([]);
  });

  it('puts an image dropped into the rich text where it was dropped, and attaches a document dropped with it once', async () => {
    const { window, draft } = render('html');
    const text = window.querySelector<HTMLElement & { editor: Editor }>('.editor-text')!;
    // jsdom lays nothing out, so no point of the screen is a place in the text: the drop lands after "Hi".
    text.editor.view.posAtCoords = () => ({ pos: 3, inside: -1, affinity: 0 });
    expect(text.editor.state.selection.from).toBe(1); // the caret, before "Hi"
    const image = new File([PNG], 'схема.png', { type: 'image/png' });
    const document_ = new File(['%PDF-1.4'], 'счёт.pdf', { type: 'application/pdf' });
    const drop = dispatch(text.querySelector('p')!, fileEvent('drop', [image, document_]));
    expect(drop.defaultPrevented).toBe(true);
    await vi.waitFor(() =>
      expect(draft.content().html).toMatch(
        /<img [^>]*src="data:image\/png;base64,iVBORw0KGgo[^"]*" alt="схема\.png">/,
      ),
    );
    // After "Hi", where it was dropped, not at the caret.
    expect(draft.content().html).toMatch(/^<p>Hi<\/p><img /);
    expect(draft.attachments.items.map((a) => a.filename)).toEqual(['счёт.pdf']);
  });

  it('switches to the rich editor and back, keeping the text', async () => {
    const { window, draft } = render();
    window.querySelector<HTMLTextAreaElement>('textarea')!.value = 'Line one\n> quoted';
    const box = [...window.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')][0]!;
    box.checked = false;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(draft.format).toBe('html');
    expect(window.querySelector('.editor-text blockquote')?.textContent).toBe('quoted');
    box.checked = true;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(window.querySelector<HTMLTextAreaElement>('textarea')?.value).toBe('Line one\n> quoted');
  });

  it('swaps the signature in the text when another From is chosen, and the text typed stays', () => {
    const { window, draft } = render();
    const textarea = () => window.querySelector<HTMLTextAreaElement>('textarea')!;
    textarea().value = 'Typed first';
    textarea().dispatchEvent(new Event('input', { bubbles: true }));
    draft.setIdentity({
      id: 'b@example.org',
      address: 'b@example.org',
      name: 'B',
      signature: 'Bee',
      origin: 'user',
    });
    flushSync();
    expect(textarea().value).toBe('Typed first\n\n-- \nBee');
    // The editor lends its text again: what is typed now is what the draft reads.
    textarea().value = 'Typed again\n\n-- \nBee';
    expect(draft.content().text).toBe('Typed again\n\n-- \nBee');
  });
});
