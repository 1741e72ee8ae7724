import { buildCorpus } from '@webmail/testbed';
import { describe, expect, it } from 'vitest';
import { MAX_HTML_DEPTH, SANITIZE_BUDGET_MS, measureHtml } from './html-fit.ts';
import { parseMessage } from './parse-message.ts';

/** Formatting elements the parser reopens for every paragraph: `n` of them, then `paragraphs` paragraphs. */
const reopened = (n: number, paragraphs: number): string =>
  `<p>${Array.from({ length: n }, (_, i) => `<b id=${i}>`).join('')}</p>${'<p>x</p>'.repeat(paragraphs)}`;

describe('measureHtml', () => {
  it('passes the 100 KB newsletter of the corpus, well within the budget', async () => {
    const message = buildCorpus().find((m) => m.id === 'newsletter-100kb');
    if (!message) throw new Error('no newsletter in the corpus');
    const parsed = await parseMessage(message.raw);
    const html = parsed.body.find((part) => part.kind === 'html');
    expect(html?.kind).toBe('html');
    const fit = measureHtml(html?.kind === 'html' ? html.html : '');
    expect(fit.fits).toBe(true);
    expect(fit.count.elements).toBeGreaterThan(500);
    if (fit.fits) expect(fit.estimateMs).toBeLessThan(SANITIZE_BUDGET_MS / 2);
  });

  // Each would have frozen the app's main thread in the browser's HTML parser or in the sanitizer.
  it.each([
    [
      '100,000 nested elements (1 MB: 60 s in Chromium)',
      '<div>'.repeat(100_000) + 'x' + '</div>'.repeat(100_000),
      'depth',
    ],
    ['nested spans that never close', '<span>'.repeat(50_000), 'depth'],
    ['nested tables', '<table><tr><td>'.repeat(200), 'depth'],
    ['nested templates (their contents are fragments of their own)', '<template>'.repeat(10_000), 'depth'],
    [
      'misnested formatting the adoption agency moves one level down each time',
      '<b><div>'.repeat(5_000),
      'depth',
    ],
    [
      '500 formatting elements reopened for 1,250 paragraphs (15 KB: 627,000 elements)',
      reopened(500, 1_250),
      'depth',
    ],
    [
      '200 formatting elements reopened for 3,000 paragraphs (600,000 elements)',
      reopened(200, 3_000),
      'cost',
    ],
    ['100,000 elements side by side', '<i>x</i>'.repeat(100_000), 'cost'],
    [
      '20,000 elements with seven attributes each',
      '<span a=1 b=2 c=3 d=4 e=5 f=6 g=7>x</span>'.repeat(20_000),
      'cost',
    ],
    [
      'one element with 1,000 attributes (DOMPurify pays their square)',
      `<span ${Array.from({ length: 1_000 }, (_, i) => `a${i}=${i}`).join(' ')}>x</span>`,
      'cost',
    ],
    ['a megabyte of CSS in one style element', `<style>${'.a{color:red}'.repeat(80_000)}</style>`, 'cost'],
    [
      'a megabyte of CSS in style attributes',
      '<b style="color:red;margin:0 1px">x</b>'.repeat(30_000),
      'cost',
    ],
    ['16 MB of text', `<p>${'word '.repeat(3_300_000)}</p>`, 'cost'],
  ] as const)('refuses %s', (_what, html, reason) => {
    const fit = measureHtml(html);
    expect(fit).toMatchObject({ fits: false, reason });
    if (reason === 'depth') expect(fit.count.depth).toBe(MAX_HTML_DEPTH + 1);
  });

  it('stops counting at the first limit passed, so a refusal costs no more than the limit', () => {
    const fit = measureHtml('<i>x</i>'.repeat(1_000_000));
    expect(fit.fits).toBe(false);
    expect(fit.count.elements).toBeLessThan(30_000);
  });

  it('measures against what the message has left', () => {
    const html = '<i>x</i>'.repeat(5_000);
    const alone = measureHtml(html);
    expect(alone.fits).toBe(true);
    if (!alone.fits) return;
    expect(measureHtml(html, alone.estimateMs + 1).fits).toBe(true);
    expect(measureHtml(html, alone.estimateMs - 1)).toMatchObject({ fits: false, reason: 'cost' });
  });

  it('counts elements, attributes, CSS and depth as the parser builds them', () => {
    const fit = measureHtml('<style>p{}</style><div style="a:b"><p class="x" id="y">t</p></div>');
    expect(fit.count).toEqual({
      elements: 6,
      attributes: 3,
      styleAttributes: 1,
      cssBytes: 6,
      bytes: 66,
      depth: 4,
    });
  });
});
