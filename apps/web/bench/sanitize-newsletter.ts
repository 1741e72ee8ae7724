// What sanitizing the corpus's 100 KB newsletter (`newsletter-100kb`, the message issue 14 times) costs on the
// app's main thread, in Debian's Chromium, and where that time goes. The app's sanitizer (sanitize-page.ts) is
// built for the page unminified, so the profile names its functions; the newsletter's HTML part is the one
// postal-mime gives the parser worker.
//
//   time      RUNS sanitizations after WARM_UP ones: median and range, next to what Chromium's own parse and
//             serialization of the same HTML cost (the floor any DOMPurify-based sanitizer pays)
//   profile   --profile: the CPU profile of the timed runs, the functions with the most self time
//   variant   --distinct-styles: every style attribute made unique (z-index:<n>; in front), as in mail whose
//             styles an editor wrote per element, where none of them is filtered only once
//   A/B       --bundles a.js,b.js: two sanitizers (saved before with --save) in two pages of one Chromium, their
//             runs alternated (A B B A ...) so that a shared machine's load falls on both alike
//
//   pnpm exec tsx apps/web/bench/sanitize-newsletter.ts [--runs N] [--profile] [--save bundle.js]
//     [--bundles a.js,b.js] [--distinct-styles]

import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildCorpus } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import PostalMime from 'postal-mime';
import { sanitizerBundle } from './sanitizer-bundle.ts';
import { launchChromium } from '../e2e/chromium.ts';
import { ProfileTotals, startProfile } from './cpu-profile.ts';
import { stats } from './stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '40' },
    profile: { type: 'boolean', default: false },
    save: { type: 'string' },
    bundles: { type: 'string' },
    top: { type: 'string', default: '25' },
    unminified: { type: 'boolean', default: false },
    'distinct-styles': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const WARM_UP = 10;
const log = (text: string) => process.stderr.write(`${text}\n`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

const message = buildCorpus().find((m) => m.id === 'newsletter-100kb');
if (!message) throw new Error('no newsletter-100kb in the corpus');
const parsedHtml = (await PostalMime.parse(message.raw)).html ?? '';
let styles = 0;
const html = values['distinct-styles']
  ? parsedHtml.replace(/style="/g, () => `style="z-index:${styles++};`)
  : parsedHtml;
log(
  `newsletter-100kb: ${html.length} characters of HTML${styles ? `, ${styles} style attributes made distinct` : ''}`,
);

const scripts = values.bundles
  ? values.bundles.split(',').map((file) => readFileSync(file, 'utf8'))
  : [await sanitizerBundle({ unminified: values.unminified, keepNames: true })];
if (values.save) {
  writeFileSync(values.save, scripts[0] ?? '');
  log(`bundle saved to ${values.save}`);
}

/** One sanitization of the newsletter in `page`, in ms. */
const sanitizeOnce = (page: Page): Promise<number> =>
  page.evaluate(
    (html) => (window as unknown as { sanitizeOnce(html: string): number }).sanitizeOnce(html),
    html,
  );

/** Chromium's parse of the HTML into an inert document, and serializing its body again: the floor. */
const parseAndSerialize = (page: Page): Promise<{ parseMs: number; serializeMs: number }> =>
  page.evaluate((html) => {
    const start = performance.now();
    const doc = new DOMParser().parseFromString(`<remove></remove>${html}`, 'text/html');
    const parsed = performance.now();
    void doc.body.innerHTML.length;
    return { parseMs: parsed - start, serializeMs: performance.now() - parsed };
  }, html);

const browser = await launchChromium();
try {
  const pages: Page[] = [];
  for (const [i, script] of scripts.entries()) {
    const page = await browser.newPage();
    await page.goto('about:blank');
    // A name for the profile to give the functions' places by.
    await page.addScriptTag({
      type: 'module',
      content: `${script}\n//# sourceURL=sanitizer-${'AB'[i] ?? i}.js`,
    });
    await page.waitForFunction(() => 'sanitizeOnce' in window);
    const warmUp: number[] = [];
    for (let run = 0; run < WARM_UP; run++) warmUp.push(await sanitizeOnce(page));
    log(
      `sanitizer ${'AB'[i] ?? i}, the first ${WARM_UP} runs in a fresh page: ${warmUp.map((m) => m.toFixed(1)).join(' ')} ms`,
    );
    pages.push(page);
  }
  log(`load before: ${load()}`);
  // One profile per page over all its runs: cpu-profile.ts rounds to 0.1 ms per profile, so the sums are
  // divided by the runs here.
  const profiles = values.profile ? await Promise.all(pages.map((page) => startProfile(page))) : [];
  const ms: number[][] = pages.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    // A B, B A, ...: neither side always goes first.
    const order = pages.map((_, i) => i);
    if (run % 2 === 1) order.reverse();
    for (const i of order) ms[i]?.push(await sanitizeOnce(pages[i] as Page));
  }
  const totals = await Promise.all(
    profiles.map(async (profile) => {
      const totals = new ProfileTotals();
      totals.add(await profile.stop());
      return totals;
    }),
  );
  const floor: { parseMs: number; serializeMs: number }[] = [];
  for (let run = 0; run < RUNS; run++) floor.push(await parseAndSerialize(pages[0] as Page));
  log(`load after: ${load()}`);
  const round = (value: number) => Math.round(value * 10) / 10;
  const summary = (samples: number[]) => {
    const s = stats(samples);
    return `median ${round(s.median)} ms (${round(s.min)}-${round(s.max)}), ${samples.length} runs`;
  };
  pages.forEach((_, i) => {
    log(`sanitizer ${String.fromCharCode(65 + i)}: ${summary(ms[i] ?? [])}`);
    if (values.profile) {
      for (const by of ['self', 'total'] as const) {
        log(`  by ${by} time, ms per sanitization:`);
        for (const entry of totals[i]?.top(Number(values.top), by) ?? [])
          log(
            `  ${(entry.selfMsPerOpen / RUNS).toFixed(2).padStart(6)} self ${(entry.totalMsPerOpen / RUNS).toFixed(2).padStart(6)} total  ${entry.name} ${entry.where}`,
          );
      }
    }
  });
  log(`Chromium's parse alone: ${summary(floor.map((f) => f.parseMs))}`);
  log(`serializing the body: ${summary(floor.map((f) => f.serializeMs))}`);
} finally {
  await browser.close();
}
