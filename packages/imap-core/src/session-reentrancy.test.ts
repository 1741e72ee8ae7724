// The session is not re-entrant: events (and streamed FETCH messages) are delivered after the response that
// caused them has been applied and routed, so a command started from a listener only ever collects responses
// that arrive after it was sent.

import { describe, expect, it } from 'vitest';
import { uidFetchCommand } from './commands/fetch.ts';
import type { FetchResult } from './commands/fetch.ts';
import { noopCommand } from './commands/noop.ts';
import { uidSearchCommand } from './commands/search.ts';
import { selectedHarness } from '../test/fixtures/harness.ts';

describe('Session delivery of events', () => {
  it("gives a UID FETCH issued from a 'flags' listener none of the data that woke the listener", async () => {
    const h = await selectedHarness();
    const fetches: Promise<FetchResult>[] = [];
    h.session.events.on('flags', ({ uid }) => {
      fetches.push(h.run(uidFetchCommand([{ start: uid ?? 0, end: uid ?? 0 }], { flags: true })));
    });
    h.server('* 2 FETCH (UID 11 FLAGS (\\Seen))\r\n');
    expect(h.takeSent()).toBe('A4 UID FETCH 11 (UID FLAGS)\r\n');
    h.server('A4 OK nothing for you\r\n');
    expect(fetches).toHaveLength(1);
    expect((await fetches[0])?.messages).toEqual([]);
  });

  it('gives a command started from a streamed message none of the response that carried the message', async () => {
    const h = await selectedHarness();
    const inner: Promise<FetchResult>[] = [];
    const outer = h.run(
      uidFetchCommand(
        [{ start: 10, end: 12 }],
        { flags: true },
        {
          onMessage: ({ uid }) => {
            if (uid === 10) inner.push(h.run(uidFetchCommand([{ start: 10, end: 12 }], { flags: true })));
          },
        },
      ),
    );
    h.server('* 1 FETCH (UID 10 FLAGS ())\r\n');
    expect(h.takeSent()).toBe('A4 UID FETCH 10:12 (UID FLAGS)\r\nA5 UID FETCH 10:12 (UID FLAGS)\r\n');
    h.server('* 2 FETCH (UID 11 FLAGS ())\r\nA4 OK\r\nA5 OK\r\n');
    await outer;
    // The second FETCH was in flight when 11 arrived, so it may collect that one, but never 10.
    expect((await inner[0])?.messages.map((m) => m.uid)).toEqual([11]);
  });

  it('delivers the events of one response in order, after every command in flight has collected it', async () => {
    const h = await selectedHarness();
    const search = h.run(uidSearchCommand({ all: true }));
    const seen: string[] = [];
    h.session.events.on('untagged', (response) => seen.push(`untagged ${response.kind}`));
    h.session.events.on('exists', ({ count }) => seen.push(`exists ${count}`));
    h.session.events.on('completed', ({ tag }) => seen.push(`completed ${tag}`));
    h.server('* 4 EXISTS\r\n* SEARCH 10 11 12 13\r\nA4 OK\r\n');
    expect(seen).toEqual(['exists 4', 'untagged exists', 'untagged search', 'completed A4']);
    expect(Array.from(await search)).toEqual([10, 11, 12, 13]);
  });

  it('sends commands started from listeners after those the session had already queued, in tag order', async () => {
    const h = await selectedHarness();
    const first = h.run(uidSearchCommand({ all: true }));
    const queued = h.run(uidSearchCommand({ all: true }));
    const fromListener: Promise<void>[] = [];
    h.session.events.on('completed', ({ tag }) => {
      if (tag === 'A4') fromListener.push(h.run(noopCommand()));
    });
    expect(h.takeSent()).toBe('A4 UID SEARCH ALL\r\n');
    h.server('A4 OK\r\n');
    expect(h.takeSent()).toBe('A5 UID SEARCH ALL\r\nA6 NOOP\r\n');
    h.server('A5 OK\r\nA6 OK\r\n');
    await Promise.all([first, queued, ...fromListener]);
  });

  it('takes bytes fed from a listener after the response being delivered, not in the middle of it', async () => {
    const h = await selectedHarness();
    const seen: number[] = [];
    let fed = false;
    h.session.events.on('exists', ({ count }) => {
      seen.push(count);
      if (!fed) {
        fed = true;
        h.server('* 5 EXISTS\r\n');
        seen.push(-1);
      }
    });
    h.server('* 4 EXISTS\r\n');
    expect(seen).toEqual([4, -1, 5]);
    expect(h.session.mailbox?.exists).toBe(5);
  });

  it('fails a streamed FETCH with what its onMessage threw, and keeps the session open', async () => {
    const h = await selectedHarness();
    const fetch = h.run(
      uidFetchCommand(
        [{ start: 10, end: 10 }],
        { flags: true },
        {
          onMessage: () => {
            throw new Error('consumer bug');
          },
        },
      ),
    );
    h.server('* 1 FETCH (UID 10 FLAGS ())\r\nA4 OK\r\n');
    await expect(fetch).rejects.toThrow('consumer bug');
    expect(h.session.closed).toBe(false);
  });
});

describe('Session and mailbox state', () => {
  it('is read-only to everything but the session', async () => {
    const h = await selectedHarness();
    const session = h.session as unknown as Record<string, unknown>;
    for (const field of ['state', 'capabilities', 'enabled', 'mailbox']) {
      expect(Reflect.set(session, field, null), field).toBe(false);
    }
    const mailbox = h.session.mailbox as unknown as Record<string, unknown>;
    for (const field of [
      'access',
      'flags',
      'permanentFlags',
      'recent',
      'unseen',
      'uidValidity',
      'uidNext',
      'highestModseq',
      'opening',
      'name',
      'exists',
    ]) {
      expect(Reflect.set(mailbox, field, 1), field).toBe(false);
    }
    expect(h.session.state).toBe('selected');
    expect(h.session.mailbox?.uidValidity).toBe(7);
  });
});
