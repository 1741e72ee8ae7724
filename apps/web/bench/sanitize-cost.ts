// What sanitizing costs on the app's main thread, in Debian's Chromium, per unit html-fit.ts counts: the basis of
// SANITIZE_COST_US and SANITIZE_BUDGET_MS (lib/mail/html-limits.ts). The app's own sanitizer (sanitize.ts, with
// DOMPurify and the CSS filter) is built for the page, and each synthetic input is sanitized ROUNDS times; the
// fastest run is what the input costs (the others carry whatever else the machine did).
//
//   per unit   inputs made mostly of one unit (plain elements, attributes, style attributes, CSS in a <style>,
//              CSS in one style attribute, text), at two sizes: the slope between them is the unit's cost
//   at limit   for each kind of input, the largest html-fit.ts still passes, and what sanitizing it costs:
//              the longest main-thread task a message can make the sanitizer take
//
//   pnpm exec tsx apps/web/bench/sanitize-cost.ts [out.json] [--rounds N]

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sanitizerBundle } from './sanitizer-bundle.ts';
import { launchChromium } from '../e2e/chromium.ts';
import {
  MAX_ATTRIBUTES_PER_ELEMENT,
  SANITIZE_BUDGET_MS,
  SANITIZE_COST_US,
  measureHtml,
} from '../src/lib/mail/html-fit.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '7' } },
});
const ROUNDS = Number(values.rounds);
const webRoot = resolve(import.meta.dirname, '..');
const out = resolve(positionals[0] ?? resolve(webRoot, '../../bench-results/web-sanitize-cost.json'));
const log = (text: string) => process.stderr.write(`${text}\n`);

/** Inputs that are mostly one unit, made of `n` of them. */
const UNITS = {
  element: (n: number) => '<i>x</i>'.repeat(n),
  attribute: (n: number) => '<i a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8>x</i>'.repeat(Math.round(n / 8)),
  styleAttribute: (n: number) => '<i style="color:red">x</i>'.repeat(n),
  cssByte: (n: number) => `<style>${'.a{color:red}'.repeat(Math.round(n / 13))}</style>x`,
  styleAttributeByte: (n: number) => `<b style="${'color:red;'.repeat(Math.round(n / 10))}">x</b>`,
  byte: (n: number) => `<p>${'word '.repeat(Math.round(n / 5))}</p>`,
} as const;
type Unit = keyof typeof UNITS;
/** Sizes measured for each unit: the slope between them is the unit's cost. */
const SIZES: Record<Unit, readonly [number, number]> = {
  element: [2_000, 12_000],
  attribute: [4_000, 24_000],
  styleAttribute: [1_000, 6_000],
  cssByte: [100_000, 600_000],
  styleAttributeByte: [100_000, 600_000],
  byte: [200_000, 1_200_000],
};

/** The largest input of each kind that html-fit.ts passes (found by doubling, then halving the step). */
function largestFitting(make: (n: number) => string): { n: number; html: string } {
  let n = 1;
  while (measureHtml(make(n * 2)).fits) n *= 2;
  for (let step = n / 2; step >= 1; step = Math.floor(step / 2)) {
    if (measureHtml(make(n + step)).fits) n += step;
  }
  return { n, html: make(n) };
}

const AT_LIMIT: Record<string, (n: number) => string> = {
  ...UNITS,
  'attributes on one element': (n) =>
    `<span ${Array.from({ length: Math.min(n, MAX_ATTRIBUTES_PER_ELEMENT) }, (_, i) => `a${i}=${i}`).join(' ')}>x</span>`.repeat(
      Math.max(1, Math.round(n / MAX_ATTRIBUTES_PER_ELEMENT)),
    ),
  'nested tables': (n) => '<table><tr><td>'.repeat(Math.min(n, 80)) + '<i>x</i>'.repeat(n),
  'newsletter-like': (n) =>
    '<table width="600">' +
    '<tr><td style="padding:8px;font:14px Arial"><a href="https://example.com/a" style="color:#06c">Link</a> text</td></tr>'.repeat(
      n,
    ) +
    '</table>',
};

log('building the sanitizer for the page');
const script = { code: await sanitizerBundle() };

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto('about:blank');
  await page.addScriptTag({ type: 'module', content: script.code });
  await page.waitForFunction(() => 'sanitizeOnce' in window);
  /** The fastest of ROUNDS sanitizations of `html`, in ms. */
  const fastest = (html: string): Promise<number> =>
    page.evaluate(
      ({ html, rounds }) => {
        const run = (window as unknown as { sanitizeOnce(html: string): number }).sanitizeOnce;
        let best = Number.POSITIVE_INFINITY;
        for (let i = 0; i < rounds; i++) best = Math.min(best, run(html));
        return best;
      },
      { html, rounds: ROUNDS },
    );

  const perUnit: Record<string, { sizes: readonly number[]; ms: number[]; usPerUnit: number }> = {};
  for (const unit of Object.keys(UNITS) as Unit[]) {
    const [small, large] = SIZES[unit];
    const ms = [await fastest(UNITS[unit](small)), await fastest(UNITS[unit](large))];
    const usPerUnit = (((ms[1] ?? 0) - (ms[0] ?? 0)) * 1000) / (large - small);
    perUnit[unit] = { sizes: [small, large], ms, usPerUnit: Math.round(usPerUnit * 1000) / 1000 };
    log(`${unit}: ${ms.map((m) => m.toFixed(1)).join(' / ')} ms -> ${usPerUnit.toFixed(3)} µs each`);
  }

  const atLimit: Record<string, { n: number; estimateMs: number; sanitizeMs: number }> = {};
  for (const [kind, make] of Object.entries(AT_LIMIT)) {
    const { n, html } = largestFitting(make);
    const fit = measureHtml(html);
    const sanitizeMs = await fastest(html);
    atLimit[kind] = { n, estimateMs: fit.fits ? Math.round(fit.estimateMs) : NaN, sanitizeMs };
    log(
      `at the limit, ${kind} x${n}: estimated ${atLimit[kind].estimateMs} ms, sanitized in ${sanitizeMs.toFixed(1)} ms`,
    );
  }

  const result = {
    name: 'web-sanitize-cost',
    date: new Date().toISOString(),
    environment: { chromium: browser.version(), node: process.version, rounds: ROUNDS },
    model: { costUs: SANITIZE_COST_US, budgetMs: SANITIZE_BUDGET_MS },
    perUnit,
    atLimit,
    longestAtLimitMs: Math.max(...Object.values(atLimit).map((entry) => entry.sanitizeMs)),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  log(`longest sanitize at the limit: ${result.longestAtLimitMs.toFixed(1)} ms -> ${out}`);
} finally {
  await browser.close();
}
