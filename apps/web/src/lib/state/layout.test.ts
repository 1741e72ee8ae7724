import { describe, expect, it, vi } from 'vitest';
import { PaneLayout } from './layout.svelte.ts';

function phone() {
  const history = { pushState: vi.fn(), back: vi.fn() };
  return { layout: new PaneLayout({ narrow: () => true, history }), history };
}

describe('PaneLayout', () => {
  it('on a phone, going into a message adds a history entry, and Back returns to the list', () => {
    const { layout, history } = phone();
    layout.show('reader');
    expect(layout.pane).toBe('reader');
    expect(history.pushState).toHaveBeenCalledWith({ webmailPane: 'reader' }, '');
    layout.back();
    expect(history.back).toHaveBeenCalledOnce();
    layout.onPopState(null); // what the browser does next
    expect(layout.pane).toBe('list');
  });

  it("follows the browser's Forward and Back", () => {
    const { layout } = phone();
    layout.onPopState({ webmailPane: 'folders' });
    expect(layout.pane).toBe('folders');
    layout.onPopState(null);
    expect(layout.pane).toBe('list');
  });

  it('on a desktop, changes panes without touching history', () => {
    const history = { pushState: vi.fn(), back: vi.fn() };
    const layout = new PaneLayout({ narrow: () => false, history });
    layout.show('reader');
    layout.back();
    expect(layout.pane).toBe('list');
    expect(history.pushState).not.toHaveBeenCalled();
    expect(history.back).not.toHaveBeenCalled();
  });
});
