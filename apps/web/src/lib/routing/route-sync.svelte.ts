// The address bar and the signed-in app kept in step (router.svelte.ts has the rules of history entries):
//
// - The app moves (a folder opened, a message opened or closed, a search typed or cleared): the route is
//   written once the frame showing the move is painted, at an idle moment (#writeSoon). A folder or a message
//   is a new place (an entry); a search begun or ended too; typing in it refines the place (the entry is
//   replaced). The first place after the page loaded replaces the load's own entry.
// - The browser moves (Back, Forward, an address typed or a link opened): the route is applied in order,
//   folder, message, search, each once the one before is in place (the search once the list is the
//   server's); nothing is written meanwhile, and the place reached is written back (a message that is gone
//   leaves the address on its folder). A later route takes over from one still being applied.
//
// - The composer on screen is part of the place (compose-route.ts): opening one, or bringing another to the
//   front, is a new entry; its first save to Drafts refines the entry (the address then names its copy there);
//   putting it away (minimized, closed, sent) refines it too, so that Back never reopens a message that was sent.
//   Back to an entry without a composer puts the one on screen away, saved first; Forward brings it back (the
//   same composer, or its copy from Drafts after a reload).
//
// A message is named with its folder's UIDVALIDITY: under another one the reader says the folder changed, and
// never shows whatever message has that UID now.

import { untrack } from 'svelte';
import type { PaneLayout } from '../state/layout.svelte.ts';
import type { SearchForm } from '../state/search-query.ts';
import type { Workspace } from '../state/workspace.svelte.ts';
import { afterNextPaint, whenIdle } from '../ui/after-paint.ts';
import { composeRequestOf, composeRouteOf, findComposition } from './compose-route.ts';
import type { Route, RouteCompose, RouteMessage } from './route.ts';
import type { Router } from './router.svelte.ts';
import { until } from './until.svelte.ts';

/** The longest an address write waits for an idle moment after its frame. */
const IDLE_WRITE_MS = 200;

export class RouteSync {
  readonly #router: Router;
  readonly #workspace: Workspace;
  readonly #layout: PaneLayout | null;
  /** Routes being applied: what the app does meanwhile is not written back. */
  #applying = 0;
  /** Bumped by each route applied: a step that waited gives way to a later route. */
  #generation = 0;
  #stop: (() => void)[] = [];
  /** A write waiting for the next frame and an idle moment (#writeSoon). */
  #soon = false;
  /** The place that write is for (the last one seen meanwhile). */
  #pending: Route | null = null;
  /** The composer the address was last written for (its draft id), null for none. */
  #writtenCompose: number | null = null;

  constructor(router: Router, workspace: Workspace, layout: PaneLayout | null = null) {
    this.#router = router;
    this.#workspace = workspace;
    this.#layout = layout;
  }

  /**
   * Applies the address the app was opened at (a deep link, a reload), then keeps both in step. Reads no state
   * reactively: an effect that starts it does not start it again when the app moves.
   */
  start(): void {
    untrack(() => this.#start());
  }

  #start(): void {
    const initial = this.#router.route;
    this.#stop.push(
      this.#router.onNavigate((route) => void this.#apply(route)),
      $effect.root(() => {
        $effect(() => {
          const place = this.#place();
          untrack(() => {
            if (this.#applying === 0) this.#writeSoon(place);
          });
        });
      }),
    );
    void this.#applyInitial(initial);
  }

  /**
   * The address the app was opened at. It waits for the workspace to show a folder (what the device kept, or
   * the start's own open once the server answers): a folder selected before would race the start, which
   * opens its folder afresh. Nothing is written meanwhile.
   */
  async #applyInitial(route: Route): Promise<void> {
    const list = this.#workspace.messages;
    this.#applying++;
    try {
      await until(() => list.path !== null);
      await this.#apply(route);
    } finally {
      this.#applying--;
      if (this.#applying === 0) this.#write(this.#place(), true);
    }
    if (route.message && this.#layout?.narrow && list.openUid !== null) this.#layout.show('reader');
  }

  /** No route is being applied and no write waits for its frame: the address says where the app is. */
  get settled(): boolean {
    return this.#applying === 0 && !this.#soon;
  }

  stop(): void {
    for (const stop of this.#stop.splice(0)) stop();
    this.#soon = false;
    this.#pending = null;
  }

  /**
   * Writes where the app is once the frame showing the move is painted and the page is idle. Chromium's
   * pushState is a trip to the browser process: ~10 ms beside a reply quoting a 100 KB original
   * (bench/compose.ts --profile), 0.5-9 ms in the task of a Delete (bench/user move, load 5-7); as the task
   * right after the frame it still held up what that frame had queued (the next key's handling). A new place
   * while the last one waits gives the last one its entry at once, so that every folder, message and search
   * the user went through is one Back; moves of the composer alone within that time share one entry.
   */
  #writeSoon(place: Route | null): void {
    if (this.#soon && this.#pending !== null && place !== null && newPlace(this.#pending, place))
      this.#write(this.#pending);
    this.#pending = place;
    if (this.#soon) return;
    this.#soon = true;
    const write = (): void => {
      if (!this.#soon) return;
      this.#soon = false;
      this.#pending = null;
      if (this.#applying === 0) this.#write(untrack(() => this.#place()));
    };
    // A hidden tab paints no frame: its write is not held until it is shown again (after-paint.ts).
    afterNextPaint(() => whenIdle(write, IDLE_WRITE_MS));
  }

  /** Where the app is: a route (null while no folder is open yet). */
  #place(): Route | null {
    const list = this.#workspace.messages;
    const search = this.#workspace.search;
    const folder = list.path;
    if (folder === null) return null;
    const openUid = list.openUid;
    return {
      folder,
      message: openUid === null ? null : { uid: openUid, uidValidity: list.uidValidity },
      search: search?.active ? search.form : null,
      compose: this.#shownComposition()?.composition ?? null,
    };
  }

  /** The composer on screen and its address. */
  #shownComposition(): { id: number; composition: RouteCompose } | null {
    const shown = this.#workspace.compose?.bundle?.desk.shown ?? null;
    return shown ? { id: shown.draft.id, composition: composeRouteOf(shown) } : null;
  }

  /** Writes where the app is; `settled`: the place a route led to, which corrects that route's entry. */
  #write(place: Route | null, settled = false): void {
    if (place === null) return;
    const current = this.#router.route;
    const composer = untrack(() => this.#shownComposition()?.id ?? null);
    const moved =
      current.folder !== place.folder ||
      !sameMessage(current.message, place.message) ||
      (current.search === null) !== (place.search === null) ||
      (composer !== null && composer !== this.#writtenCompose);
    this.#writtenCompose = composer;
    // The page's own entry (the address it was loaded at, or none) becomes the first place.
    if (moved && !settled && current.folder !== null) this.#router.go(place);
    else this.#router.refine(place);
  }

  async #apply(route: Route): Promise<void> {
    const workspace = this.#workspace;
    const list = workspace.messages;
    const generation = ++this.#generation;
    this.#applying++;
    try {
      const folder = route.folder ?? 'INBOX';
      // A later route (Back pressed twice in a row) takes over after any wait: this one changes nothing more.
      const superseded = (): boolean => generation !== this.#generation;
      if (list.path !== folder) await workspace.selectFolder(folder);
      // What the user does while the list opens and sorts (a message opened or a search begun in the first
      // rows, seconds before a large folder's order is known) wins over the rest of the route: the address the
      // app was signed in at would otherwise close that message, or clear that search, once the sort is done.
      const shown = this.#place();
      await until(() => list.path !== folder || (list.phase !== 'opening' && !list.ordering));
      if (list.path !== folder || superseded() || movedSince(shown, this.#place())) return;
      // The message before the search: a kept message opens from the device at once, while a search waits
      // for the server (a search typed later leaves the open message open too).
      if (route.message) await this.#openMessage(folder, route.message);
      else if (list.openUid !== null) workspace.closeMessage();
      if (superseded()) return;
      await this.#applyCompose(route.compose, superseded);
      if (superseded()) return;
      await this.#applySearch(route.search, generation);
    } finally {
      this.#applying--;
      if (this.#applying === 0) this.#write(this.#place(), true);
    }
  }

  /** The composer the address names comes to the front (opened when it is not open); none: it is put away. */
  async #applyCompose(wanted: RouteCompose | null, superseded: () => boolean): Promise<void> {
    const launcher = this.#workspace.compose;
    if (!launcher) return;
    const desk = launcher.bundle?.desk ?? null;
    const shown = desk?.shown ?? null;
    if (wanted === null) {
      if (desk && shown) desk.putAway(shown.draft.id);
      return;
    }
    const open = desk ? findComposition(desk.compositions, wanted) : undefined;
    if (open) {
      if (!open.sender.busy) desk?.show(open.draft.id);
      return;
    }
    // A draft sent or thrown away since this entry was written is not brought back.
    if (wanted.kind === 'draft' && desk?.ended(wanted)) return;
    // A draft or an original is read from the server: after a reload the list is shown from the device
    // before the session's connection is signed in, and a fetch now would fail at once.
    if (wanted.kind !== 'new') await this.#workspace.whenInStep();
    if (superseded()) return;
    await launcher.open(composeRequestOf(wanted));
  }

  async #applySearch(wanted: SearchForm | null, generation: number): Promise<void> {
    const search = this.#workspace.search;
    if (search === null) return;
    if (wanted === null) {
      if (search.active) search.clear();
      return;
    }
    if (sameForm(search.form, wanted) && (search.running || search.resultCount !== null)) return;
    // A list shown from the device is not the server's yet: a search run now would be abandoned by the
    // resync that brings it in line.
    await this.#workspace.whenInStep();
    if (generation !== this.#generation) return;
    search.update(wanted);
    await search.run();
  }

  async #openMessage(folder: string, message: RouteMessage): Promise<void> {
    const workspace = this.#workspace;
    const list = workspace.messages;
    if (list.openUid === message.uid && (message.uidValidity ?? list.uidValidity) === list.uidValidity)
      return;
    const uidValidity = message.uidValidity ?? list.uidValidity;
    if (uidValidity === list.uidValidity && list.indexOfUid(message.uid) >= 0) {
      workspace.openMessage(list.indexOfUid(message.uid));
      return;
    }
    // Another UIDVALIDITY (the folder was re-created since the link was made), or a UID not in the list: the
    // reader says which, and fetches nothing under a UIDVALIDITY the folder no longer has.
    workspace.closeMessage();
    await until(() => workspace.readerStatus !== 'loading');
    void workspace.reader?.reader.open({ mailbox: folder, uidValidity, uid: message.uid });
  }
}

/** `to` is another place than `from` (an entry of its own), not the same one refined. */
/** Whether the user went somewhere else since `shown` (null: no folder was shown yet). */
function movedSince(shown: Route | null, now: Route | null): boolean {
  return shown !== null && now !== null && newPlace(shown, now);
}

function newPlace(from: Route, to: Route): boolean {
  return (
    from.folder !== to.folder ||
    !sameMessage(from.message, to.message) ||
    (from.search === null) !== (to.search === null)
  );
}

function sameMessage(a: RouteMessage | null, b: RouteMessage | null): boolean {
  return (
    a?.uid === b?.uid &&
    (a === null || b === null || a.uidValidity === null || a.uidValidity === b.uidValidity)
  );
}

function sameForm(a: SearchForm, b: SearchForm): boolean {
  return (Object.keys(a) as (keyof SearchForm)[]).every((key) => a[key] === b[key]);
}
