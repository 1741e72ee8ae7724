// Two builds of the sanitizer (saved by sanitize-newsletter.ts --save) give the same result for the same input:
// a check for a change meant to make sanitizing cheaper and nothing else. Each input is sanitized by both in
// Debian's Chromium, before and after consent, with its message's Content-IDs resolved, and the results (the
// HTML, the count of blocked remote resources, the cids, the links) compared. The inputs: the HTML of every
// corpus message, and SNIPPETS (markup each hook, the CSS filter and the URL policy act on) joined at random.
//
//   pnpm exec tsx apps/web/bench/sanitize-equivalence.ts <a.js> <b.js> [--random N]

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildCorpus } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import PostalMime from 'postal-mime';
import { launchChromium } from '../e2e/chromium.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { random: { type: 'string', default: '2000' } },
});
const [bundleA, bundleB] = positionals;
if (!bundleA || !bundleB) throw new Error('usage: sanitize-equivalence.ts <a.js> <b.js> [--random N]');
const log = (text: string) => process.stderr.write(`${text}\n`);

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

/** Markup the hooks act on; a random input is several of them, nested in one another. */
const SNIPPETS = [
  '<p style="color:red">x</p>',
  '<td style="padding:8px;background:url(https://t.example/bg.png)">x</td>',
  '<div style="background:url(cid:logo@acme.example);height:50vh">x</div>',
  '<span style="  color:red  ">x</span>',
  '<span style="">x</span>',
  '<span style="x:u\\72l(//t.example/a)">x</span>',
  '<i style="background-image:image-set(&quot;https://t.example/a.png&quot; 1x)">x</i>',
  '<b style="width:expression(alert(1))">x</b>',
  '<img src="https://t.example/a.png" srcset="https://t.example/b.png 2x, c.png 3x" style="display:block">',
  '<img src="http://t.example/a.png">',
  '<img src="cid:logo@acme.example">',
  '<img src="CID:LOGO%40acme.example">',
  '<img src="cid:missing@x">',
  `<img src="${PNG}">`,
  '<img src="data:text/html,x">',
  '<img src="/relative.png">',
  '<img src="https://mail.example.org/api/x">',
  '<img src=" \thttps://t.example/ws.png\n">',
  '<a href="https://acme.example/a?b=1">a</a>',
  '<a href="//acme.example/p" style="color:#06c">a</a>',
  '<a href="javascript:alert(1)">a</a>',
  '<a href="mailto:x@acme.example">a</a>',
  '<a href="mailto:">a</a>',
  '<a href="/rel">a</a>',
  '<a>no href</a>',
  '<a href="https://acme.example/" target="_self" rel="opener">a</a>',
  '<area href="https://acme.example/area">',
  '<table background="http://t.example/bg.jpg"><tr><td background="https://t.example/td.jpg">x</td></tr></table>',
  '<video poster="http://t.example/p.jpg" src="https://t.example/v.mp4"></video>',
  '<audio src="cid:logo@acme.example"></audio>',
  '<div poster="https://t.example/p.jpg" background="cid:logo@acme.example">x</div>',
  '<svg><image href="https://t.example/i.png"/><image xlink:href="cid:logo@acme.example"/></svg>',
  '<svg><a href="https://acme.example/">s</a></svg>',
  '<svg><defs><linearGradient id="g"/></defs><rect fill="url(#g)" stroke="url(https://t.example/p.svg#x)" height="100vh"/></svg>',
  '<svg><use href="#g"/><use href="https://t.example/u.svg#a"/></svg>',
  '<svg><filter><feImage href="https://t.example/f.png"/></filter></svg>',
  '<svg><style>rect{fill:url(https://t.example/s.svg#a)}</style></svg>',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<style>@import url("http://t.example/i.css");.a{background:url(//t.example/m.png)}@font-face{src:url(https://t.example/f.woff)}.h{height:100vh}</style>',
  '<style>.a{color:red}</style>',
  '<link rel="stylesheet" href="https://t.example/s.css">',
  '<object data="https://t.example/o.swf"></object>',
  '<embed src="https://t.example/e.swf">',
  '<iframe src="https://t.example/f.html"></iframe>',
  '<input type="image" src="https://t.example/i.png">',
  '<picture><source srcset="https://t.example/s.webp"><img src="cid:logo@acme.example"></picture>',
  '<form action="https://phish.example/collect"><input name=u><button formaction="https://phish.example/b">b</button></form>',
  '<script>alert(1)</script>',
  '<p onclick="alert(1)" id="x" name="y" class="c" title="t">p</p>',
  '<math><mi>x</mi></math>',
  '<noscript><img src="https://t.example/n.png"></noscript>',
  '<template><img src="https://t.example/t.png"></template>',
  '<!-- <img src=x> -->',
  '<h2 style="margin:0 0 8px;font-size:18px;color:#1a1a2e"><a href="https://weekly.acme.example/a/1?utm_source=newsletter&amp;x=1" style="color:#1a1a2e;text-decoration:none">t</a></h2>',
];

/** A seeded generator: the same inputs on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function randomInput(next: () => number): string {
  const parts: string[] = [];
  const count = 1 + Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    const snippet = SNIPPETS[Math.floor(next() * SNIPPETS.length)] ?? '';
    // Half the time inside the previous ones (an element's content), else after them.
    if (next() < 0.5 && parts.length > 0) parts.push(`<div style="color:#333">${snippet}`);
    else parts.push(snippet);
  }
  return parts.join('');
}

interface Input {
  readonly name: string;
  readonly html: string;
  readonly inlineImages: [string, string][];
}

const inputs: Input[] = [];
for (const message of buildCorpus()) {
  const email = await PostalMime.parse(message.raw);
  if (!email.html) continue;
  const inlineImages = email.attachments.flatMap((attachment): [string, string][] =>
    attachment.contentId ? [[attachment.contentId.replace(/^<|>$/g, '').trim().toLowerCase(), PNG]] : [],
  );
  inputs.push({ name: message.id, html: email.html, inlineImages });
}
const corpusInputs = inputs.length;
const next = random(14);
for (let i = 0; i < Number(values.random); i++) {
  inputs.push({
    name: `random ${i}`,
    html: randomInput(next),
    inlineImages: [['logo@acme.example', PNG]],
  });
}
log(`${corpusInputs} corpus messages with HTML, ${inputs.length - corpusInputs} random inputs`);

const browser = await launchChromium();
try {
  const pages: Page[] = [];
  for (const file of [bundleA, bundleB]) {
    const page = await browser.newPage();
    await page.goto('about:blank');
    await page.addScriptTag({ type: 'module', content: readFileSync(file, 'utf8') });
    await page.waitForFunction(() => 'sanitizeResult' in window);
    pages.push(page);
  }
  const results = (page: Page, allowRemote: boolean): Promise<string[]> =>
    page.evaluate(
      ({ inputs, allowRemote }) => {
        const sanitize = (
          window as unknown as {
            sanitizeResult(html: string, allowRemote: boolean, images: [string, string][]): unknown;
          }
        ).sanitizeResult;
        return inputs.map((input) => JSON.stringify(sanitize(input.html, allowRemote, input.inlineImages)));
      },
      { inputs, allowRemote },
    );
  let differences = 0;
  let compared = 0;
  for (const allowRemote of [false, true]) {
    const [a, b] = await Promise.all(pages.map((page) => results(page, allowRemote)));
    inputs.forEach((input, i) => {
      compared++;
      if (a?.[i] === b?.[i]) return;
      differences++;
      if (differences <= 10) {
        log(`DIFFERENT: ${input.name} (allowRemote ${allowRemote})\n  input ${input.html.slice(0, 300)}`);
        log(`  A ${a?.[i]?.slice(0, 600)}\n  B ${b?.[i]?.slice(0, 600)}`);
      }
    });
  }
  log(`${compared} results compared, ${differences} different`);
  process.exitCode = differences === 0 ? 0 : 1;
} finally {
  await browser.close();
}
