import { describe, expect, it } from 'vitest';
import type { Composition } from '../state/compose/desk.svelte.ts';
import type { ComposeMode } from '../state/compose/draft.svelte.ts';
import type { SavedDraft } from '../state/compose/draft-store.ts';
import { composeRequestOf, composeRouteOf, findComposition, sameCompose } from './compose-route.ts';
import type { RouteCompose } from './route.ts';

const ORIGINAL = { mailbox: 'INBOX', uidValidity: 7, uid: 41 };

/** A composer as the desk holds one: what it was started as, and the versions it has had in Drafts. */
function composition(id: number, mode: ComposeMode, versions: SavedDraft[] = []): Composition {
  const origin =
    mode === 'new' || mode === 'draft'
      ? null
      : { kind: mode.startsWith('reply') ? 'reply' : 'forward', message: ORIGINAL };
  const keys = versions.map((v) => `${v.mailbox} ${v.uidValidity} ${v.uid}`);
  return {
    draft: { id, mode, origin },
    saver: {
      saved: versions.at(-1) ?? null,
      wasSaved: (ref: SavedDraft) => keys.includes(`${ref.mailbox} ${ref.uidValidity} ${ref.uid}`),
    },
    sender: { busy: false },
  } as unknown as Composition;
}

const draftAt = (uid: number): SavedDraft => ({ mailbox: 'Drafts', uidValidity: 99, uid });

describe("a composer's address", () => {
  it.each<[string, Composition, RouteCompose]>([
    ['a new message not saved yet', composition(1, 'new'), { kind: 'new' }],
    ['a reply not saved yet', composition(2, 'reply'), { kind: 'reply', ...ORIGINAL }],
    [
      'a forward as attachment',
      composition(3, 'forwardAttachment'),
      { kind: 'forwardAttachment', ...ORIGINAL },
    ],
    ['a new message once saved', composition(4, 'new', [draftAt(5)]), { kind: 'draft', ...draftAt(5) }],
    [
      'a reply once saved twice',
      composition(5, 'reply', [draftAt(5), draftAt(6)]),
      { kind: 'draft', ...draftAt(6) },
    ],
  ])('%s', (_, open, route) => {
    expect(composeRouteOf(open)).toEqual(route);
  });

  it('finds the composer of a draft by any version it has had in Drafts', () => {
    const open = [composition(1, 'new', [draftAt(5), draftAt(8)]), composition(2, 'new', [draftAt(6)])];
    expect(findComposition(open, { kind: 'draft', ...draftAt(5) })?.draft.id).toBe(1);
    expect(findComposition(open, { kind: 'draft', ...draftAt(6) })?.draft.id).toBe(2);
    expect(findComposition(open, { kind: 'draft', ...draftAt(7) })).toBeUndefined();
    // The same UID under another UIDVALIDITY is another message.
    expect(findComposition(open, { kind: 'draft', ...draftAt(5), uidValidity: 100 })).toBeUndefined();
  });

  it('finds an unsaved composer started the same way, the latest first, never a saved one', () => {
    const open = [
      composition(1, 'new'),
      composition(2, 'reply'),
      composition(3, 'new'),
      composition(4, 'replyAll', [draftAt(5)]),
    ];
    expect(findComposition(open, { kind: 'new' })?.draft.id).toBe(3);
    expect(findComposition(open, { kind: 'reply', ...ORIGINAL })?.draft.id).toBe(2);
    expect(findComposition(open, { kind: 'replyAll', ...ORIGINAL })).toBeUndefined();
    expect(findComposition(open, { kind: 'reply', ...ORIGINAL, uid: 42 })).toBeUndefined();
  });

  it('asks the desk to open what an address names when it is not open', () => {
    expect(composeRequestOf({ kind: 'new' })).toEqual({ kind: 'new' });
    expect(composeRequestOf({ kind: 'draft', ...draftAt(5) })).toEqual({
      kind: 'draft',
      message: draftAt(5),
    });
    expect(composeRequestOf({ kind: 'forward', ...ORIGINAL })).toEqual({
      kind: 'forward',
      message: ORIGINAL,
    });
  });

  it('compares addresses by kind and message', () => {
    expect(sameCompose({ kind: 'new' }, { kind: 'new' })).toBe(true);
    expect(sameCompose(null, null)).toBe(true);
    expect(sameCompose({ kind: 'new' }, null)).toBe(false);
    expect(sameCompose({ kind: 'reply', ...ORIGINAL }, { kind: 'replyAll', ...ORIGINAL })).toBe(false);
    expect(sameCompose({ kind: 'draft', ...draftAt(5) }, { kind: 'draft', ...draftAt(5) })).toBe(true);
  });
});
