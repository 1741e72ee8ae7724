// The app's addresses. A place in the app (a folder, a message in it, a search, a message being written) is a
// URL fragment, so that it survives a reload, has a history entry for Back and Forward, and can be linked or
// bookmarked:
//
//   #/Inbox                                 INBOX (any spelling of it, RFC 9051 5.1)
//   #/Work%2FProjects                       a folder; the whole path is one segment: its delimiter is escaped
//   #/Inbox/1234?uv=1712345678              message UID 1234, valid only under that UIDVALIDITY (RFC 9051
//                                           2.3.1.1): a link to a folder since re-created never opens another
//                                           message; without `uv` (a typed address) the UID is taken as it is
//   #/Inbox?q=invoice&in=subject&since=2024-01-01&until=2024-12-31&unread=1&flagged=1&att=1&scope=all
//                                           a search (the search form's fields; defaults left out)
//   #/Inbox?compose=new                     a new message being written, not saved to Drafts yet
//   #/Inbox/41?uv=7&compose=draft:42&cuv=1712345690&cin=Drafts
//                                           a message being written, saved to Drafts as UID 42 under that
//                                           UIDVALIDITY: a reload continues that copy, never a second one
//   #/Inbox/41?uv=7&compose=reply:41&cuv=7&cin=Inbox
//                                           a reply (reply, replyAll, forward, forwardAttachment) to UID 41 of
//                                           the folder `cin`, not saved yet: a reload starts it again
// The compose part names the composer on screen (one of several open); it is independent of the folder and
// message shown beside it. Its message is always named with its UIDVALIDITY and folder: a link without them is
// not followed (it could continue another draft).
//
// A folder name that does not decode (imap-core's verbatim name: U+DC00 and one character per byte) is
// written `~` and its bytes, each as %XX; a real name that starts with `~` has it escaped as %7E, so the two
// never meet. Parsing never throws: an address that does not parse is the app's start (INBOX).

import type { SearchField, SearchForm } from '../state/search-query.ts';

export interface RouteMessage {
  readonly uid: number;
  /** The folder's UIDVALIDITY the UID was read under; null when the address did not say. */
  readonly uidValidity: number | null;
}

export type RouteComposeKind = 'draft' | 'reply' | 'replyAll' | 'forward' | 'forwardAttachment';

export type RouteCompose =
  | { readonly kind: 'new' }
  | {
      readonly kind: RouteComposeKind;
      /** The draft (kind 'draft') or the message answered or forwarded. */
      readonly mailbox: string;
      readonly uidValidity: number;
      readonly uid: number;
    };

export interface Route {
  /** The folder (imap-core's name, as the tree keys it); null: none named (the app starts in INBOX). */
  readonly folder: string | null;
  readonly message: RouteMessage | null;
  /** The search form, when one is in effect. */
  readonly search: SearchForm | null;
  readonly compose: RouteCompose | null;
}

export const START_ROUTE: Route = Object.freeze({ folder: null, message: null, search: null, compose: null });

const VERBATIM = '\uDC00';
const MAX_UID = 0xffff_ffff;
const FIELDS: ReadonlySet<string> = new Set<SearchField>(['all', 'from', 'to', 'subject', 'body']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The route a fragment (`location.hash`, with or without its '#') names. */
export function parseRoute(hash: string): Route {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!text.startsWith('/')) return START_ROUTE;
  const queryAt = text.indexOf('?');
  const path = queryAt < 0 ? text.slice(1) : text.slice(1, queryAt);
  const params = new URLSearchParams(queryAt < 0 ? '' : text.slice(queryAt + 1));
  const [folderSegment = '', uidSegment, ...rest] = path.split('/');
  const folder = folderSegment === '' ? null : decodeFolder(folderSegment);
  if (folder === null || rest.length > 0) return START_ROUTE;
  const uid = uidSegment === undefined ? null : whole(uidSegment);
  if (uidSegment !== undefined && uid === null) return { ...START_ROUTE, folder };
  const uidValidity = whole(params.get('uv') ?? '');
  return {
    folder,
    message: uid === null ? null : { uid, uidValidity },
    search: searchOf(params),
    compose: composeOf(params),
  };
}

/** The fragment of `route` (with its '#'). */
export function formatRoute(route: Route): string {
  if (route.folder === null) return '#/';
  const folder = encodeFolder(route.folder);
  if (folder === null) return '#/';
  const params = new URLSearchParams();
  let path = `#/${folder}`;
  if (route.message) {
    path += `/${route.message.uid}`;
    if (route.message.uidValidity !== null) params.set('uv', String(route.message.uidValidity));
  }
  const search = route.search;
  if (search) {
    if (search.text !== '') params.set('q', search.text);
    if (search.field !== 'all') params.set('in', search.field);
    if (search.since !== null) params.set('since', search.since);
    if (search.before !== null) params.set('until', search.before);
    if (search.unread) params.set('unread', '1');
    if (search.flagged) params.set('flagged', '1');
    if (search.attachment) params.set('att', '1');
    if (search.scope === 'all') params.set('scope', 'all');
  }
  const compose = route.compose;
  if (compose?.kind === 'new') params.set('compose', 'new');
  else if (compose) {
    const mailbox = encodeFolder(compose.mailbox);
    if (mailbox !== null) {
      params.set('compose', `${compose.kind}:${compose.uid}`);
      params.set('cuv', String(compose.uidValidity));
      params.set('cin', mailbox);
    }
  }
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}

/** The folder as one URL segment; null for a name no URL can carry (a lone surrogate that is not verbatim). */
export function encodeFolder(path: string): string | null {
  if (path.toUpperCase() === 'INBOX') return 'Inbox';
  if (path.startsWith(VERBATIM)) {
    let out = '~';
    for (let i = 1; i < path.length; i++) {
      const byte = path.charCodeAt(i);
      if (byte > 0xff) return null;
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  }
  try {
    const encoded = encodeURIComponent(path);
    return encoded.startsWith('~') ? `%7E${encoded.slice(1)}` : encoded;
  } catch {
    return null;
  }
}

export function decodeFolder(segment: string): string | null {
  if (segment.startsWith('~')) {
    const bytes = segment.slice(1);
    if (!/^(%[0-9A-Fa-f]{2})+$/.test(bytes)) return null;
    let name = VERBATIM;
    for (let i = 0; i < bytes.length; i += 3)
      name += String.fromCharCode(parseInt(bytes.slice(i + 1, i + 3), 16));
    return name;
  }
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return null;
  }
  if (name === '' || name.startsWith(VERBATIM)) return null;
  return name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
}

function searchOf(params: URLSearchParams): SearchForm | null {
  const field = params.get('in') ?? 'all';
  const since = params.get('since');
  const before = params.get('until');
  const form: SearchForm = {
    text: params.get('q') ?? '',
    field: FIELDS.has(field) ? (field as SearchField) : 'all',
    since: since !== null && DAY.test(since) ? since : null,
    before: before !== null && DAY.test(before) ? before : null,
    unread: params.get('unread') === '1',
    flagged: params.get('flagged') === '1',
    attachment: params.get('att') === '1',
    scope: params.get('scope') === 'all' ? 'all' : 'folder',
  };
  const asked =
    form.text !== '' ||
    form.field !== 'all' ||
    form.since !== null ||
    form.before !== null ||
    form.unread ||
    form.flagged ||
    form.attachment ||
    form.scope === 'all';
  return asked ? form : null;
}

const COMPOSE_KINDS: ReadonlySet<string> = new Set<RouteComposeKind>([
  'draft',
  'reply',
  'replyAll',
  'forward',
  'forwardAttachment',
]);

function composeOf(params: URLSearchParams): RouteCompose | null {
  const value = params.get('compose');
  if (value === 'new') return { kind: 'new' };
  const named = /^([A-Za-z]+):(\w+)$/.exec(value ?? '');
  if (!named || !COMPOSE_KINDS.has(named[1] ?? '')) return null;
  const uid = whole(named[2] ?? '');
  const uidValidity = whole(params.get('cuv') ?? '');
  const mailbox = decodeFolder(params.get('cin') ?? '');
  if (uid === null || uidValidity === null || mailbox === null) return null;
  return { kind: named[1] as RouteComposeKind, mailbox, uidValidity, uid };
}

/** A UID or UIDVALIDITY: a whole number 1..2^32-1 written plainly (no sign, no leading zero). */
function whole(text: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(text)) return null;
  const value = Number(text);
  return value <= MAX_UID ? value : null;
}
