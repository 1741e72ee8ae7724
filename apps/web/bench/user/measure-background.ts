// Work the user does while the app's only connection is busy with a folder's first sort. Big is made cold for
// Dovecot before each cold sample (UserMailbox.makeCold: its header cache removed), then, from INBOX:
//
//   coldSwitch      pointerdown on Big -> its first row painted (the newest by UID, fetched ahead of the sort)
//                   its extra.sortDone: the same pointerdown -> the list's order known (aria-busy off, polled:
//                   +-1 frame), in the samples that open a message meanwhile
//   openDuringSort  right after Big's first rows, pointerdown on its second row -> that message's body painted
//   backDuringSort  right after Big's first rows, pointerdown on INBOX -> INBOX's first row painted
//
// and the same two with Big warm (`...WarmSort`: Dovecot's cache kept, the sort takes a few hundred ms). Each
// sample says whether the sort was still running when the second input came (`sortRunningAtInput`, 1 or 0).

import type { BenchContext } from './context.ts';
import { MEASURE_TIMEOUT_MS, firstRowOf, log, ms, openFolder } from './context.ts';
import { actionResult, sampleOf, type ActionResult, type Sample } from './results.ts';
import type { Tab } from './tab.ts';

export interface BackgroundResults {
  readonly coldSwitch: ActionResult;
  readonly openDuringColdSort: ActionResult;
  readonly backDuringColdSort: ActionResult;
  readonly openDuringWarmSort: ActionResult;
  readonly backDuringWarmSort: ActionResult;
}

const sorting = (tab: Tab) =>
  tab.page.evaluate(() => document.querySelector('[role="listbox"]')?.getAttribute('aria-busy') === 'true');

/** One sample: Big opened (cold or warm), then the second action while it sorts. */
async function duringSort(
  ctx: BenchContext,
  tab: Tab,
  then: 'open' | 'back',
  cold: boolean,
): Promise<{ switched: Sample; second: Sample }> {
  const page = tab.page;
  if (cold) ctx.mailbox.makeCold(ctx.big.path);
  const switched = await tab.measure(
    { input: 'pointerdown', until: firstRowOf(ctx.big), timeoutMs: MEASURE_TIMEOUT_MS },
    () => page.locator(`[role="treeitem"][data-path="${ctx.big.path}"]`).click(),
    { settle: false, chain: true },
  );
  const running = (await sorting(tab)) ? 1 : 0;
  let second;
  let sortDone = NaN;
  if (then === 'open') {
    const uid = await page.evaluate(() =>
      Number(document.getElementById('message-row-1')?.getAttribute('data-uid')),
    );
    if (!Number.isInteger(uid)) throw new Error("Big's second row has no message");
    second = await tab.measure(
      { input: 'pointerdown', until: { kind: 'opened', uid }, timeoutMs: MEASURE_TIMEOUT_MS },
      () => page.locator(`[role="listbox"] [role="option"][data-uid="${uid}"]`).click(),
      { settle: false, continued: true },
    );
    const done = await page.waitForFunction(
      () =>
        document.querySelector('[role="listbox"]')?.getAttribute('aria-busy') === 'false' &&
        performance.now(),
      undefined,
      { timeout: 120_000, polling: 'raf' },
    );
    sortDone = Number(await done.jsonValue()) - switched.shown.input;
    await tab.settled();
    await openFolder(tab, ctx.inbox);
  } else {
    second = await tab.measure(
      { input: 'pointerdown', until: firstRowOf(ctx.inbox), timeoutMs: MEASURE_TIMEOUT_MS },
      () => page.locator(`[role="treeitem"][data-path="${ctx.inbox.path}"]`).click(),
      { continued: true },
    );
  }
  return {
    switched: sampleOf(switched, { sortDone }),
    second: sampleOf(second, { sortRunningAtInput: running }),
  };
}

export async function background(ctx: BenchContext, tab: Tab): Promise<BackgroundResults> {
  const coldSwitch: Sample[] = [];
  const results = new Map<string, Sample[]>();
  for (const cold of [true, false]) {
    for (const then of ['open', 'back'] as const) {
      const name = `${then === 'open' ? 'openDuring' : 'backDuring'}${cold ? 'Cold' : 'Warm'}Sort`;
      const samples: Sample[] = [];
      // Warm samples are preceded by one that warms Dovecot's cache again after the cold ones.
      for (let i = cold ? 1 : 0; i <= ctx.samples; i++) {
        const { switched, second } = await duringSort(ctx, tab, then, cold);
        if (i === 0) continue;
        samples.push(second);
        if (cold) coldSwitch.push(switched);
        const done = switched.extra.sortDone ?? NaN;
        log(
          `  ${name} ${i}: Big's first row ${ms(switched.inputToPaint)} ms, then ${ms(second.inputToPaint)} ms` +
            `${second.extra.sortRunningAtInput ? ' (sort running)' : ' (sort already done)'}` +
            (Number.isFinite(done) ? `, sorted at ${ms(done)} ms` : ''),
        );
      }
      results.set(name, samples);
    }
  }
  const of = (name: string) => actionResult(results.get(name) ?? []);
  return {
    coldSwitch: actionResult(coldSwitch),
    openDuringColdSort: of('openDuringColdSort'),
    backDuringColdSort: of('backDuringColdSort'),
    openDuringWarmSort: of('openDuringWarmSort'),
    backDuringWarmSort: of('backDuringWarmSort'),
  };
}
