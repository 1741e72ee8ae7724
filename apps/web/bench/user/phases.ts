// Where one measured action's time went, from what the page probe recorded (page-probe.ts), so that each gap
// between input and paint can be attributed. The span from the input to the end is cut into phases that add up
// to inputToPaint; at each moment the first that applies wins:
//
//   inputDelay   the input's timestamp -> the capturing listener (the main thread was busy)
//   sanitize     the app's main thread from DOMPurify's first parse after the parser worker's reply to the mail
//                frame in the DOM: sanitizing the HTML and rendering the reader pane (HTML bodies only)
//   frameLoad    the mail frame given the body (a new frame in the DOM, or the reading pane's kept frame shown
//                with the body posted to it) -> the app's condition seen (now the same moment: what the
//                frame does with the body, in its own process, is in framePaint)
//   connect      the session's WebSocket created -> open (sign-in: the proxy's upgrade)
//   imap         an IMAP command of the session in flight: sent -> its tagged completion reached the page (the
//                proxy, Dovecot and loopback; IDLE counts only from DONE to its completion, the greeting from
//                the socket's open to its arrival)
//   http         an HTTP request of the page in flight (the app's chunks fetched on demand, the parser worker)
//   worker       a request to the parser worker in flight (postMessage -> its reply)
//   app          none of those: the app's own main-thread work (and any idle gap it leaves)
//   render       the DOM shows the result -> the frame that paints it is done (style, layout, paint)
//   framePaint   the mail frame's own first contentful paint after the app's frame (its presentation time)
//
// sanitize and frameLoad come first because they are known main-thread work: a command sent meanwhile (the
// \Seen STORE of an open) does not hold the result up. The session is the page's first WebSocket (the list's
// connection); another one (a body search, all folders, the side sort of a large folder) is background work, so
// its commands are listed but not counted as waiting, except the side sort's when the list's connection waited
// for it (its check of the side's order follows the side's UID SORT; then the side's commands up to that sort,
// and its connect and greeting if it opened meanwhile, count like the session's). Beside the phases, `roundTrips` lists every IMAP command
// (with the session's connect and greeting) and `fetches` every HTTP request, ms from the input.

import type { ProbeFrame, ProbeRecords, Shown } from './page-probe.ts';

export const PHASES = [
  'inputDelay',
  'sanitize',
  'frameLoad',
  'connect',
  'imap',
  'http',
  'worker',
  'app',
  'render',
  'framePaint',
] as const;
export type PhaseName = (typeof PHASES)[number];

export interface RoundTrip {
  /** The command's name ('UID FETCH', 'SELECT', 'DONE' for leaving IDLE), with the socket when not the first. */
  readonly command: string;
  /** ms from the input. */
  readonly sent: number;
  /** ms from the input to its tagged completion (NaN if it had none by the end of the recording). */
  readonly done: number;
  readonly status: string;
  /**
   * The time Dovecot reports for the command in its tagged reply, "OK ... (a + b [+ c] secs)" (imap-client.c
   * client_cmd_append_timing_stats): a, running it, plus b, its I/O loop's waits meanwhile, in ms (c, the time
   * since it last ran, mostly repeats a). NaN for other servers. The rest of the round trip is the relay,
   * loopback, sending the response, and waiting behind earlier commands.
   */
  readonly server: number;
}

export interface Fetch {
  /** The path requested. */
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

export interface SamplePhases {
  readonly phases: Record<PhaseName, number>;
  /**
   * Of the session's commands the result waited for (those counted in `imap`), the time Dovecot reports
   * for them, summed: the rest of `imap` is the relay, loopback and commands waiting behind others.
   */
  readonly imapInDovecot: number;
  readonly roundTrips: readonly RoundTrip[];
  readonly fetches: readonly Fetch[];
}

/** The page's own IMAP connection: the first WebSocket of the page. */
const SESSION_SOCKET = 1;

/** A round trip as read from the frames: its socket, and the start of its arguments (as sent). */
export interface Trip extends RoundTrip {
  readonly socket: number;
  readonly args: string;
}

/** How much of a command's arguments a Trip keeps (enough to tell the list's UID check from other searches). */
const ARGS_KEPT = 100;
/** Commands whose arguments are credentials. */
const SECRET_ARGS: ReadonlySet<string> = new Set(['LOGIN', 'AUTHENTICATE']);

/**
 * What the list's own connection sends once the side connection's UID SORT came back (side-sort.ts,
 * list-ordering.ts): the folder's UIDs, to check the side's order against. A result that waited for this
 * waited for the side's sort too.
 */
const SIDE_ORDER_CHECK = /^UID SEARCH$/;
const SIDE_ORDER_CHECK_ARGS = /^RETURN \(ALL\) ALL$/i;

interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Commands and their completions, read from the page's WebSocket frames (each socket's text joined). */
export function roundTripsOf(frames: readonly ProbeFrame[]): Trip[] {
  const sockets = [...new Set(frames.map((frame) => frame.socket))];
  const trips: Trip[] = [];
  for (const socket of sockets) {
    const completions = statusLines(frames.filter((f) => f.socket === socket && f.dir === 'in'));
    let idleTag: string | null = null;
    for (const frame of frames) {
      if (frame.socket !== socket || frame.dir !== 'out') continue;
      for (const line of frame.text.split('\r\n')) {
        if (line === 'DONE') {
          const done = completions.find((c) => c.t >= frame.t && (idleTag === null || c.tag === idleTag));
          // The IDLE's completion reports the whole IDLE's time, not leaving it.
          trips.push({ ...tripOf(socket, 'DONE', '', frame.t, done), server: NaN });
          continue;
        }
        const match = /^([A-Za-z0-9]+) ((?:UID )?[A-Za-z]+) ?(.*)/.exec(line);
        if (!match?.[1] || !match[2]) continue;
        const tag = match[1];
        const command = match[2].toUpperCase();
        // Credentials stay out of the JSON: LOGIN's and AUTHENTICATE's arguments (SASL PLAIN's base64 is the
        // password) are dropped.
        const args = SECRET_ARGS.has(command) ? '' : (match[3] ?? '').slice(0, ARGS_KEPT);
        if (command === 'IDLE') {
          // Until the server's "+ idling": after that the connection waits for the app, not the server.
          idleTag = tag;
          const ready = completions.find((c) => c.t >= frame.t && c.tag === '+');
          trips.push(tripOf(socket, command, args, frame.t, ready));
          continue;
        }
        const done = completions.find((c) => c.t >= frame.t && c.tag === tag);
        trips.push(tripOf(socket, command, args, frame.t, done));
      }
    }
  }
  return trips.sort((a, b) => a.sent - b.sent);
}

interface StatusLine {
  readonly tag: string;
  readonly status: string;
  readonly t: number;
  readonly server: number;
}

function tripOf(
  socket: number,
  command: string,
  args: string,
  sent: number,
  done: StatusLine | undefined,
): Trip {
  return {
    socket,
    command,
    args,
    sent,
    done: done?.t ?? NaN,
    status: done?.status ?? '',
    server: done?.server ?? NaN,
  };
}

/**
 * The side connection's commands a result waited for: those up to a UID SORT there that completed before the
 * list's connection sent its check of the side's order (SIDE_ORDER_CHECK), a check the result waited for.
 * Otherwise a side connection's commands are background work (a sort the user did not wait for).
 */
function sideSortsWaitedFor(trips: readonly Trip[], onSession: readonly Trip[], t0: number): Trip[] {
  const counted = new Set<Trip>();
  for (const check of onSession) {
    if (!SIDE_ORDER_CHECK.test(check.command) || !SIDE_ORDER_CHECK_ARGS.test(check.args)) continue;
    let sort: Trip | undefined;
    for (const trip of trips) {
      if (trip.socket === SESSION_SOCKET || trip.command !== 'UID SORT') continue;
      if (trip.done > t0 && trip.done <= check.sent && !(trip.done <= (sort?.done ?? -Infinity))) sort = trip;
    }
    if (!sort) continue;
    for (const trip of trips)
      if (trip.socket === sort.socket && trip.done > t0 && trip.done <= sort.done) counted.add(trip);
  }
  return [...counted];
}

/** Dovecot's "(a + b [+ c] secs)" at the end of a tagged reply: a + b, in ms (see RoundTrip.server). */
function serverTime(line: string): number {
  const match = / \((\d+\.\d+) \+ (\d+\.\d+) (?:\+ \d+\.\d+ )?secs\)/.exec(line);
  if (!match) return NaN;
  const ms = (secs: string | undefined) => Math.round(Number(secs) * 1000);
  return ms(match[1]) + ms(match[2]);
}

/** Tagged status lines and continuation requests, each with the time of the frame that completed it. */
function statusLines(incoming: readonly ProbeFrame[]): StatusLine[] {
  let text = '';
  const ends: number[] = [];
  for (const frame of incoming) {
    text += frame.text;
    ends.push(text.length);
  }
  const found: StatusLine[] = [];
  const pattern = /^(?:([A-Za-z0-9]+) (OK|NO|BAD)\b|(\+) )[^\r\n]*\r\n/gm;
  let frame = 0;
  for (const match of text.matchAll(pattern)) {
    const end = match.index + match[0].length;
    while (frame < ends.length - 1 && (ends[frame] ?? 0) < end) frame++;
    const t = incoming[frame]?.t ?? NaN;
    if (match[3]) found.push({ tag: '+', status: '+', t, server: NaN });
    else found.push({ tag: match[1] ?? '', status: match[2] ?? '', t, server: serverTime(match[0]) });
  }
  return found;
}

/** The phases of one sample that ended at `end` (page time; painted, or the mail frame's paint). */
export function phasesOf(shown: Shown, records: ProbeRecords, end: number): SamplePhases {
  const t0 = shown.input;
  const trips = roundTripsOf(records.frames);
  const session = trips.filter((trip) => trip.socket === SESSION_SOCKET);
  // A command still in flight when the DOM showed the result is not what the result waited for.
  const onSession = session.filter((trip) => trip.done > t0 && trip.done <= shown.seen);
  const onSide = sideSortsWaitedFor(trips, onSession, t0);
  const waited = [...onSession, ...onSide];
  const imap: Interval[] = waited.map((trip) => ({ start: trip.sent, end: trip.done }));
  const imapInDovecot = waited.reduce((sum, trip) => sum + (Number.isNaN(trip.server) ? 0 : trip.server), 0);
  const connect: Interval[] = [];
  // The session's connection, and a side connection opened for a sort the result waited for.
  for (const socket of [SESSION_SOCKET, ...new Set(onSide.map((trip) => trip.socket))]) {
    const created = records.sockets.find((s) => s.socket === socket);
    const opened = records.opened.find((o) => o.socket === socket);
    const greeting = records.frames.find((f) => f.socket === socket && f.dir === 'in');
    if (created) connect.push({ start: created.t, end: opened?.t ?? shown.seen });
    if (opened && greeting) imap.push({ start: opened.t, end: greeting.t });
  }
  const created = records.sockets.find((s) => s.socket === SESSION_SOCKET);
  const opened = records.opened.find((o) => o.socket === SESSION_SOCKET);
  const greeting = records.frames.find((f) => f.socket === SESSION_SOCKET && f.dir === 'in');
  // Likewise a request or a parse that ended after it.
  const http: Interval[] = records.resources
    .filter((r) => r.end <= shown.seen)
    .map((r) => ({ start: r.start, end: r.end }));
  const worker: Interval[] = [];
  for (const post of records.worker) {
    if (post.dir !== 'post') continue;
    const reply = records.worker.find((w) => w.dir === 'reply' && w.id === post.id && w.t >= post.t);
    if (reply && reply.t <= shown.seen) worker.push({ start: post.t, end: reply.t });
  }
  const sanitize: Interval[] = [];
  const frameLoad: Interval[] = [];
  if (shown.frameInserted !== null) {
    const lastReply = [...records.worker]
      .reverse()
      .find((w) => w.dir === 'reply' && w.t <= shown.frameInserted!);
    const firstParse = records.parses.find((p) => lastReply !== undefined && p.start >= lastReply.t);
    if (firstParse) sanitize.push({ start: firstParse.start, end: shown.frameInserted });
    frameLoad.push({ start: shown.frameInserted, end: shown.seen });
  }
  const busy: [PhaseName, Interval[]][] = [
    ['sanitize', sanitize],
    ['frameLoad', frameLoad],
    ['connect', connect],
    ['imap', imap],
    ['http', http],
    ['worker', worker],
  ];
  const phases = Object.fromEntries(PHASES.map((name) => [name, 0])) as Record<PhaseName, number>;
  phases.inputDelay = Math.max(0, shown.listener - t0);
  // Sweep [listener, seen] over every boundary; each piece goes to the first busy kind covering it.
  const from = Math.max(t0, shown.listener);
  const cuts = new Set([from, shown.seen]);
  for (const [, intervals] of busy)
    for (const interval of intervals)
      for (const t of [interval.start, interval.end]) if (t > from && t < shown.seen) cuts.add(t);
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i] ?? 0;
    const b = points[i + 1] ?? 0;
    const middle = (a + b) / 2;
    const kind = busy.find(([, intervals]) => intervals.some((x) => x.start <= middle && middle < x.end));
    phases[kind ? kind[0] : 'app'] += b - a;
  }
  phases.render = Math.max(0, shown.painted - shown.seen);
  phases.framePaint = Math.max(0, end - shown.painted);

  // Every command sent until the end, or still in flight at the input (sent by an earlier action).
  const roundTrips: RoundTrip[] = trips
    .filter((trip) => trip.sent <= end && !(trip.done < t0))
    .map((trip) => ({
      command: trip.socket === SESSION_SOCKET ? trip.command : `${trip.command} (socket ${trip.socket})`,
      sent: trip.sent - t0,
      done: trip.done - t0,
      status: trip.status,
      server: trip.server,
    }));
  if (created)
    roundTrips.unshift({
      command: 'connect',
      sent: created.t - t0,
      done: (opened?.t ?? NaN) - t0,
      status: '',
      server: NaN,
    });
  if (opened && greeting)
    roundTrips.splice(1, 0, {
      command: 'greeting',
      sent: opened.t - t0,
      done: greeting.t - t0,
      status: 'OK',
      server: NaN,
    });
  const fetches = records.resources.map((r) => ({
    path: new URL(r.name).pathname,
    start: r.start - t0,
    end: r.end - t0,
  }));
  return { phases, imapInDovecot, roundTrips, fetches };
}

/** WebSocket bytes of the frames from `from` on, each with its frame header (RFC 6455 5.2; the browser's masked). */
export function webSocketBytes(frames: readonly ProbeFrame[], from = -Infinity): { in: number; out: number } {
  let incoming = 0;
  let outgoing = 0;
  for (const frame of frames) {
    if (frame.t < from) continue;
    const header = 2 + (frame.bytes >= 65_536 ? 8 : frame.bytes >= 126 ? 2 : 0);
    if (frame.dir === 'in') incoming += frame.bytes + header;
    else outgoing += frame.bytes + header + 4;
  }
  return { in: incoming, out: outgoing };
}
