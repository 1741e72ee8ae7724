import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import type { MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { attachmentPart, multipart, textPart } from './mime.ts';
import { makeLogoPng } from './binary.ts';
import { ME, PEOPLE } from './people.ts';
import type { Header } from './mime.ts';

// HTML newsletters: multipart/related with cid: images, remote images, <style> blocks, list headers, and one
// of about 100 KB. Remote hosts use reserved names (RFC 2606 .example) that never resolve.

const STYLE = `<style type="text/css">
  body { margin: 0; background: #f4f4f7; font-family: -apple-system, "Segoe UI", Roboto, sans-serif; }
  .wrapper { max-width: 600px; margin: 0 auto; background: #ffffff; }
  .hero { background: url("https://images.news.acme.example/hero-bg.jpg") no-repeat center; color: #fff; padding: 32px; }
  h1 { font-size: 24px; color: #1a1a2e; }
  .button { display: inline-block; padding: 12px 24px; background: #ff6b35; color: #fff !important; border-radius: 4px; }
  @media (max-width: 620px) { .wrapper { width: 100% !important; } }
</style>`;

function listHeaders(listId: string, unsubscribe: string): Header[] {
  return [
    ['List-Id', listId],
    ['List-Unsubscribe', `<${unsubscribe}>, <mailto:unsubscribe@news.acme.example?subject=unsubscribe>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['Precedence', 'bulk'],
  ];
}

function productUpdateHtml(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">${STYLE}</head><body>
<div class="wrapper">
  <div class="hero"><img src="cid:logo@acme.example" alt="Acme" width="120" height="40"></div>
  <h1>Product update: faster sync, dark mode</h1>
  <p>Sync is now up to 3&times; faster on large mailboxes.</p>
  <p><img src="cid:chart@acme.example" alt="Sync speed chart" width="200" height="80"></p>
  <p><img src="https://images.news.acme.example/dark-mode.png" alt="Dark mode screenshot" width="560"></p>
  <p><a class="button" href="https://news.acme.example/click?u=demo&amp;l=release-notes">Read the release notes</a></p>
  <p style="font-size:11px;color:#888">You receive this because you signed up at acme.example.
  <a href="https://news.acme.example/unsubscribe?u=demo">Unsubscribe</a></p>
</div>
<img src="https://news.acme.example/open.gif?u=demo&amp;c=2025-10" width="1" height="1" alt="">
</body></html>`;
}

const ARTICLE_TOPICS = [
  'Zero-downtime deploys with blue/green routing',
  'Understanding IMAP CONDSTORE and QRESYNC',
  'Why your search index needs tokenizers per language',
  'Rendering untrusted HTML safely in a sandboxed iframe',
  'Modified UTF-7: the mailbox encoding that time forgot',
  'Benchmarks: virtual scrolling 100,000 rows',
  'Charset detection without guesswork',
  'A field guide to RFC 2231 parameter continuations',
];

/** Roughly `targetBytes` of newsletter HTML: a table layout repeating articles with inline styles. */
function largeNewsletterHtml(targetBytes: number): string {
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const topic = ARTICLE_TOPICS[i % ARTICLE_TOPICS.length] ?? '';
    const row = `<tr><td style="padding:16px 24px;border-bottom:1px solid #e5e5ea;font-family:Georgia,serif;color:#333;line-height:1.5">
<h2 style="margin:0 0 8px;font-size:18px;color:#1a1a2e"><a href="https://weekly.acme.example/a/${i}?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=weekly-142" style="color:#1a1a2e;text-decoration:none">${i + 1}. ${topic}</a></h2>
<img src="https://images.weekly.acme.example/thumbs/${i}.jpg" width="552" height="180" alt="" style="display:block;border:0;max-width:100%">
<p style="margin:8px 0">Issue 142, story ${i + 1}: ${topic.toLowerCase()} &mdash; a practical walkthrough with code samples, measurements and the mistakes we made on the way. Reading time ${3 + (i % 9)} minutes.</p>
</td></tr>\n`;
    rows.push(row);
    size += row.length;
  }
  return `<!DOCTYPE html><html><head><meta charset="utf-8">${STYLE}</head><body>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f7"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#fff">
<tr><td style="padding:24px"><h1>Acme Weekly #142</h1><p>The longest issue we have ever sent.</p></td></tr>
${rows.join('')}<tr><td style="padding:24px;font-size:11px;color:#888">End of issue 142. <a href="https://weekly.acme.example/unsubscribe">Unsubscribe</a></td></tr>
</table></td></tr></table></body></html>`;
}

export function newsletterMessages(clock: Clock): MailSpec[] {
  return [
    {
      id: 'newsletter-related-cid',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(2, 8, 0, TZ.newYork),
      tz: TZ.newYork,
      from: PEOPLE.noreply,
      to: [ME],
      subject: 'Product update: faster sync, dark mode',
      headers: listHeaders(
        'Acme Product News <product.news.acme.example>',
        'https://news.acme.example/unsubscribe?u=demo',
      ),
      body: multipart('alternative', [
        textPart(
          'Product update: faster sync, dark mode\n\nSync is now up to 3x faster on large mailboxes.\n\nRead the release notes: https://news.acme.example/release-notes\n',
        ),
        multipart(
          'related',
          [
            textPart(productUpdateHtml(), { subtype: 'html', encoding: 'quoted-printable' }),
            attachmentPart(makeLogoPng(120, 40, [255, 107, 53]), {
              contentType: 'image/png',
              filename: 'logo.png',
              disposition: 'inline',
              contentId: 'logo@acme.example',
              hidden: true,
            }),
            attachmentPart(makeLogoPng(200, 80, [30, 144, 255]), {
              contentType: 'image/png',
              filename: 'chart.png',
              disposition: 'inline',
              contentId: 'chart@acme.example',
              hidden: true,
            }),
          ],
          { params: 'type="text/html"' },
        ),
      ]),
      text: ['Sync is now up to 3'],
    },
    {
      id: 'newsletter-100kb',
      folder: FOLDER.listsAnnounce,
      date: clock.daysAgo(4, 7, 30, TZ.newYork),
      tz: TZ.newYork,
      from: PEOPLE.noreply,
      to: [ME],
      subject: 'Acme Weekly #142: the long issue',
      headers: listHeaders('Acme Weekly <weekly.acme.example>', 'https://weekly.acme.example/unsubscribe'),
      body: multipart('alternative', [
        textPart('Acme Weekly #142\n\nThis issue is best read in HTML.\n'),
        textPart(largeNewsletterHtml(100_000), { subtype: 'html', encoding: 'quoted-printable' }),
      ]),
      text: ['Acme Weekly #142', 'Modified UTF-7: the mailbox encoding that time forgot'],
    },
    {
      id: 'newsletter-gbk-shop',
      folder: FOLDER.listsAnnounce,
      flags: ['\\Seen'],
      date: clock.daysAgo(10, 20, 0, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.shop,
      to: [ME],
      encoding: { charset: 'GBK', mode: 'B' },
      subject: '双十一狂欢节：全场五折起，限时三天！',
      headers: listHeaders('<promo.shop-cn.example>', 'https://shop-cn.example/unsubscribe?id=8842'),
      body: textPart(
        `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><style>.price{color:#e4393c;font-size:20px}</style></head><body>
<table width="600"><tr><td><img src="https://img.shop-cn.example/banner-1111.jpg" width="600" alt="双十一"></td></tr>
<tr><td><h1>双十一狂欢节</h1><p>全场五折起，<span class="price">限时三天</span>！</p>
<p><a href="https://shop-cn.example/promo?from=mail">立即抢购</a></p></td></tr></table>
<img src="https://track.shop-cn.example/o.gif?id=8842" width="1" height="1"></body></html>`,
        { subtype: 'html', charset: 'GBK', encoding: 'base64' },
      ),
      text: ['全场五折起', '立即抢购'],
    },
  ];
}
