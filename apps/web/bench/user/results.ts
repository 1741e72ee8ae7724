// The user bench's JSON for one action at one mailbox size (bench-results/web-user.json, `sizes.<n>.<action>`):
//
//   inputToPaint   ms from the trusted input's timestamp to the end of the frame that paints the result (for a
//                  mail frame, the later of that and the frame's own first contentful paint): median, min, max
//                  and every sample (warm: after the first of its kind in the tab)
//   first          the first of its kind in the tab (cold: code, worker and caches not warm yet), when measured
//   bytes          medians per sample: WebSocket bytes each way with their frame headers, from the input until
//                  the app is quiet again (the whole action, not only what came before the paint), and HTTP
//                  bytes as transferred
//   phases         one line per phase (phases.ts), medians with their extremes; a sample's add up to its
//                  inputToPaint
//   roundTrips     the IMAP commands of a median sample, in order: when sent and when completed, ms from the
//                  input, and `server`, Dovecot's own time for it (from its tagged reply) (with the session's WebSocket connect and greeting when it starts in the sample)
//   fetches        the HTTP requests of that sample (the app's chunks, the parser worker), ms from the input
//   extra          measures of their own (flag stored: the UID STORE's OK in the page; cold sort done ...),
//                  and imapInDovecot: of the imap phase, the time Dovecot itself reports for those commands
//
// Every sample, with its phases and round trips, is kept in `detail`, which run.ts writes to a file of its own
// (web-user-samples.json): the main file stays readable.

import { stats, type Stats } from '../stats.ts';
import { PHASES, phasesOf, webSocketBytes, type Fetch, type PhaseName, type RoundTrip } from './phases.ts';
import type { Measured } from './tab.ts';

export interface Sample {
  readonly inputToPaint: number;
  readonly phases: Record<PhaseName, number>;
  readonly roundTrips: readonly RoundTrip[];
  readonly fetches: readonly Fetch[];
  readonly ws: { in: number; out: number };
  readonly http: { down: number; up: number; requests: number };
  readonly extra: Record<string, number>;
}

export interface ActionResult {
  readonly inputToPaint: Stats;
  readonly first: { inputToPaint: number; phases: Record<string, number>; bytes: Bytes } | null;
  readonly bytes: Bytes;
  readonly phases: Record<string, Stats>;
  readonly roundTrips: readonly { command: string; sent: number; done: number; server: number }[];
  readonly fetches: readonly Fetch[];
  readonly extra: Record<string, Stats>;
  readonly detail: { readonly first: Sample | null; readonly samples: readonly Sample[] };
}

export interface Bytes {
  readonly wsIn: number;
  readonly wsOut: number;
  readonly httpDown: number;
  readonly httpUp: number;
}

/** A sample from what the tab measured; `end` (page time) overrides the painted time (mail frames). */
export function sampleOf(measured: Measured, extra: Record<string, number> = {}, end?: number): Sample {
  const { shown, records } = measured;
  const last = Math.max(shown.painted, end ?? -Infinity);
  const { phases, imapInDovecot, roundTrips, fetches } = phasesOf(shown, records, last);
  return {
    inputToPaint: last - shown.input,
    phases,
    roundTrips,
    fetches,
    ws: webSocketBytes(records.frames, shown.input),
    http: measured.http,
    extra: { ...extra, imapInDovecot },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
const median = (values: readonly number[]) => stats(values).median;

function bytesOf(samples: readonly Sample[]): Bytes {
  return {
    wsIn: median(samples.map((s) => s.ws.in)),
    wsOut: median(samples.map((s) => s.ws.out)),
    httpDown: median(samples.map((s) => s.http.down)),
    httpUp: median(samples.map((s) => s.http.up)),
  };
}

function phaseLines(sample: Sample): Record<string, number> {
  return Object.fromEntries(
    PHASES.filter((name) => sample.phases[name] > 0).map((name) => [name, round(sample.phases[name])]),
  );
}

/** The JSON of one action from its warm samples and, when measured, the first of its kind in the tab. */
export function actionResult(samples: readonly Sample[], first: Sample | null = null): ActionResult {
  const phases: Record<string, Stats> = {};
  for (const name of PHASES) {
    const values = samples.map((s) => s.phases[name]);
    if (values.some((v) => v > 0)) phases[name] = stats(values);
  }
  const extraNames = [...new Set(samples.flatMap((s) => Object.keys(s.extra)))];
  const extra = Object.fromEntries(
    extraNames.map((name) => [name, stats(samples.map((s) => s.extra[name] ?? NaN))]),
  );
  // The round trips of the sample closest to the median: one real sequence, not a blend of several.
  const middle = median(samples.map((s) => s.inputToPaint));
  const typical = [...samples].sort(
    (a, b) => Math.abs(a.inputToPaint - middle) - Math.abs(b.inputToPaint - middle),
  )[0];
  return {
    inputToPaint: stats(samples.map((s) => s.inputToPaint)),
    first: first
      ? { inputToPaint: round(first.inputToPaint), phases: phaseLines(first), bytes: bytesOf([first]) }
      : null,
    bytes: bytesOf(samples),
    phases,
    roundTrips: (typical?.roundTrips ?? []).map((trip) => ({
      command: trip.command,
      sent: round(trip.sent),
      done: round(trip.done),
      server: round(trip.server),
    })),
    fetches: (typical?.fetches ?? []).map((f) => ({
      path: f.path,
      start: round(f.start),
      end: round(f.end),
    })),
    extra,
    detail: { first, samples },
  };
}
