import { describe, expect, it } from 'vitest';
import { START_ROUTE } from './route.ts';
import type { Route } from './route.ts';
import { Router } from './router.svelte.ts';

/** A browser's history of one tab: entries, the current index, and the fragment of the current one. */
function browserHistory(initial = '') {
  const entries: { state: unknown; hash: string }[] = [{ state: null, hash: initial }];
  let index = 0;
  const location = {
    get hash() {
      return entries[index]?.hash ?? '';
    },
  };
  const history = {
    get state() {
      return entries[index]?.state ?? null;
    },
    pushState(state: unknown, _title: string, url?: string | URL | null) {
      entries.splice(index + 1, entries.length, { state, hash: String(url ?? location.hash) });
      index++;
    },
    replaceState(state: unknown, _title: string, url?: string | URL | null) {
      entries[index] = { state, hash: String(url ?? location.hash) };
    },
  };
  return {
    location,
    history,
    entries,
    back: () => index--,
    forward: () => index++,
    get index() {
      return index;
    },
  };
}

const inFolder = (folder: string, uid?: number): Route => ({
  ...START_ROUTE,
  folder,
  message: uid === undefined ? null : { uid, uidValidity: 9 },
});

describe('Router', () => {
  it('starts at the route the address names', () => {
    const browser = browserHistory('#/Work/12?uv=9');
    expect(new Router(browser).route).toEqual(inFolder('Work', 12));
  });

  it('gives a new place its own entry, and a refinement of it none', () => {
    const browser = browserHistory();
    const router = new Router(browser);
    router.go(inFolder('INBOX'));
    router.go(inFolder('INBOX', 5));
    router.refine({ ...inFolder('INBOX', 5), search: null, compose: { kind: 'new' } });
    expect(browser.entries.map((entry) => entry.hash)).toEqual(['', '#/Inbox', '#/Inbox/5?uv=9&compose=new']);
    router.go(inFolder('INBOX', 5));
    expect(browser.entries).toHaveLength(4);
  });

  it('writes nothing for the place it is at', () => {
    const browser = browserHistory('#/Inbox');
    const router = new Router(browser);
    router.go(inFolder('INBOX'));
    router.refine(inFolder('INBOX'));
    expect(browser.entries).toHaveLength(1);
  });

  it('follows Back and Forward, and tells its listener', () => {
    const browser = browserHistory();
    const router = new Router(browser);
    const heard: Route[] = [];
    router.onNavigate((route) => heard.push(route));
    router.go(inFolder('INBOX'));
    router.go(inFolder('Work'));
    browser.back();
    router.onPopState();
    expect(router.route).toEqual(inFolder('INBOX'));
    browser.forward();
    router.onPopState();
    expect(heard).toEqual([inFolder('INBOX'), inFolder('Work')]);
  });

  it("takes over the phone layout's fresh entry instead of adding a second one", () => {
    const browser = browserHistory();
    const router = new Router(browser);
    router.go(inFolder('INBOX'));
    browser.history.pushState({ webmailPane: 'reader' }, '');
    router.go(inFolder('INBOX', 3));
    expect(browser.entries.map((entry) => [entry.hash, entry.state])).toEqual([
      ['', null],
      ['#/Inbox', { webmailRoute: '#/Inbox' }],
      ['#/Inbox/3?uv=9', { webmailPane: 'reader', webmailRoute: '#/Inbox/3?uv=9' }],
    ]);
    router.go(inFolder('INBOX', 4));
    expect(browser.entries).toHaveLength(4);
  });
});
