// The address bar as state: the route the URL names now, and the two ways the app changes it. A new place (a
// folder, a message, a search begun or ended) gets a history entry of its own, so Back returns to where the
// user was; refining the same place (typing in the search box) replaces the entry instead of piling them up.
// Back, Forward and an address typed by hand come in as popstate: `route` follows, and whoever applies routes
// (route-sync.svelte.ts) is told.
//
// The phone layout (layout.svelte.ts) pushes an entry of its own, with the same URL, when a pane comes to the
// front. The first route written after such an entry takes it over (replaceState) instead of pushing another,
// so that opening a message on a phone is one entry, and one Back.

import { formatRoute, parseRoute, sameRoute } from './route.ts';
import type { Route } from './route.ts';

/** What the router keeps in history.state beside the layout's own `webmailPane`. */
interface RouterState {
  readonly webmailRoute?: string;
  readonly webmailPane?: string;
}

export interface RouterOptions {
  /** Default: window.location. */
  readonly location?: Pick<Location, 'hash'>;
  /** Default: window.history. */
  readonly history?: Pick<History, 'pushState' | 'replaceState' | 'state'>;
}

export class Router {
  #route = $state.raw<Route>(parseRoute(''));
  readonly #location: Pick<Location, 'hash'> | null;
  readonly #history: Pick<History, 'pushState' | 'replaceState' | 'state'> | null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a listener registry, never rendered
  readonly #listeners = new Set<(route: Route) => void>();

  constructor(options: RouterOptions = {}) {
    this.#location = options.location ?? (typeof location === 'undefined' ? null : location);
    this.#history = options.history ?? (typeof history === 'undefined' ? null : history);
    this.#route = parseRoute(this.#location?.hash ?? '');
  }

  /** Where the address bar points. */
  get route(): Route {
    return this.#route;
  }

  /** A new place: a history entry of its own (or the layout's fresh entry, taken over). */
  go(route: Route): void {
    if (sameRoute(route, this.#route)) return;
    const hash = formatRoute(route);
    const state = (this.#history?.state ?? null) as RouterState | null;
    if (state?.webmailPane !== undefined && state.webmailRoute === undefined) {
      this.#history?.replaceState({ ...state, webmailRoute: hash } satisfies RouterState, '', hash);
    } else {
      this.#history?.pushState({ webmailRoute: hash } satisfies RouterState, '', hash);
    }
    this.#route = route;
  }

  /** The same place, refined: the current entry now points here. */
  refine(route: Route): void {
    if (sameRoute(route, this.#route)) return;
    const hash = formatRoute(route);
    const state = (this.#history?.state ?? null) as RouterState | null;
    this.#history?.replaceState({ ...state, webmailRoute: hash } satisfies RouterState, '', hash);
    this.#route = route;
  }

  /** Back, Forward or an edited address (the window's popstate): the route follows the URL. */
  onPopState(): void {
    const route = parseRoute(this.#location?.hash ?? '');
    if (sameRoute(route, this.#route)) return;
    this.#route = route;
    for (const listener of [...this.#listeners]) listener(route);
  }

  /** Told each route that came from the browser (not those the app wrote). */
  onNavigate(listener: (route: Route) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
