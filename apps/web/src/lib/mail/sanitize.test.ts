// @vitest-environment jsdom
import { buildCorpus } from '@webmail/testbed';
import { describe, expect, it, vi } from 'vitest';
import { parseMessage } from './parse-message.ts';
import { MAIL_SANITIZE_CONFIG, sanitizeMailHtml, type SanitizeOptions } from './sanitize.ts';

const APP = 'https://mail.example.org';
const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const options = (overrides: Partial<SanitizeOptions> = {}): SanitizeOptions => ({
  inlineImages: new Map([['logo@acme.example', PNG]]),
  allowRemote: false,
  appOrigin: APP,
  ...overrides,
});
const clean = (html: string, overrides: Partial<SanitizeOptions> = {}) =>
  sanitizeMailHtml(html, options(overrides));
const dom = (html: string): HTMLElement => {
  const body = document.createElement('body');
  body.innerHTML = html;
  return body;
};

describe('the mail sanitizer', () => {
  it('returns html, the count of blocked remote resources, the cids it resolved and the links it kept', () => {
    const result = clean(
      '<p><img src="cid:logo@acme.example"><img src="https://t.example/p.gif"><a href="https://acme.example/">x</a></p>',
    );
    expect(result.blockedRemote).toBe(1);
    expect(result.cids).toEqual(['logo@acme.example']);
    expect(result.links).toEqual([{ href: 'https://acme.example/' }]);
    expect(dom(result.html).querySelector('img')?.getAttribute('src')).toBe(PNG);
  });

  it('uses a frozen configuration that forces body parsing and removes forms, inputs and srcset', () => {
    expect(Object.isFrozen(MAIL_SANITIZE_CONFIG)).toBe(true);
    expect(MAIL_SANITIZE_CONFIG.FORCE_BODY).toBe(true);
    const body = dom(
      clean(
        '<form action="https://phish.example/collect"><label>User <input name=u></label><button>Verify</button><textarea>t</textarea><select><option>o</option></select></form><img src="cid:logo@acme.example" srcset="https://t.example/2x.png 2x">',
      ).html,
    );
    expect(body.querySelector('form, input, button, textarea, select, option')).toBeNull();
    expect(body.textContent).toContain('Verify');
    expect(body.querySelector('img')?.hasAttribute('srcset')).toBe(false);
  });

  it('makes no Trusted Types policy and asks no attribute type where the browser has them', async () => {
    const calls: string[] = [];
    vi.stubGlobal('trustedTypes', {
      createPolicy(name: string) {
        calls.push(`createPolicy ${name}`);
        return { createHTML: (html: string) => html, createScriptURL: (url: string) => url };
      },
      getAttributeType(tag: string, attribute: string) {
        calls.push(`getAttributeType ${tag} ${attribute}`);
        return null;
      },
    });
    try {
      // A fresh module: its DOMPurify instance is made with this window's trustedTypes.
      vi.resetModules();
      const fresh = await import('./sanitize.ts');
      const result = fresh.sanitizeMailHtml(
        '<p style="color:red"><a href="https://acme.example/">x</a></p>',
        options(),
      );
      expect(result.links).toEqual([{ href: 'https://acme.example/' }]);
      expect(calls).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('keeps leading <style> blocks, as mail writes them in <head>', () => {
    const body = dom(
      clean('<html><head><style>p{color:red}</style></head><body><p>x</p></body></html>').html,
    );
    expect(body.querySelector('style')?.textContent).toBe('p{color:red}');
  });

  describe('links', () => {
    it.each([
      ['https://acme.example/a?b=1', 'https://acme.example/a?b=1'],
      ['http://acme.example/', 'http://acme.example/'],
      ['mailto:someone@acme.example?subject=hi', 'mailto:someone@acme.example?subject=hi'],
      ['//acme.example/x', 'https://acme.example/x'],
    ])('keeps %s, opening in a new tab without opener or referrer', (href, expected) => {
      const link = dom(clean(`<a href="${href}" target="_self" rel="opener">x</a>`).html).querySelector('a');
      expect(link?.getAttribute('href')).toBe(expected);
      expect(link?.getAttribute('target')).toBe('_blank');
      expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    });

    it.each([
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' jav&#x09;ascript:alert(1)',
      'java&#x0A;script:alert(1)',
      '&#106;avascript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'relative/path',
      '/absolute/path',
      '#top',
      'ftp://files.example/x',
      'tel:+123',
    ])('removes the href %s', (href) => {
      const body = dom(clean(`<a href="${href}">x</a>`).html);
      expect(body.querySelector('a')?.hasAttribute('href')).toBe(false);
      expect(body.innerHTML).not.toMatch(/javascript|vbscript|data:text/i);
    });
  });

  describe('remote resources', () => {
    it.each([
      ['<img src="https://t.example/p.gif">', 'img', 'src'],
      ['<img src="http://t.example/p.gif">', 'img', 'src'],
      ['<img src="//t.example/p.gif">', 'img', 'src'],
      ['<table background="http://t.example/bg.jpg"><tr><td>x</td></tr></table>', 'table', 'background'],
      ['<table><tr><td background="https://t.example/bg.jpg">x</td></tr></table>', 'td', 'background'],
      ['<video poster="http://t.example/poster.jpg"></video>', 'video', 'poster'],
      ['<audio src="http://t.example/beacon.mp3"></audio>', 'audio', 'src'],
      ['<svg><image href="https://t.example/i.png"/></svg>', 'image', 'href'],
      ['<svg><image xlink:href="https://t.example/i.png"/></svg>', 'image', 'xlink:href'],
      ['<svg><filter><feImage href="https://t.example/f.png"/></filter></svg>', 'feImage', 'href'],
      ['<svg><linearGradient id="g" href="https://t.example/s.svg#a"/></svg>', 'linearGradient', 'href'],
    ])('blocks %s and counts it', (html, selector, attribute) => {
      const result = clean(html);
      expect(result.blockedRemote).toBe(1);
      const element = dom(result.html).querySelector(selector);
      expect(element?.hasAttribute(attribute) ?? false).toBe(false);
    });

    it('loads remote images after consent, upgraded to https, but never from the app origin', () => {
      const body = dom(
        clean(
          '<img id=a src="http://img.example/a.png"><img id=b src="https://img.example/b.png"><img id=c src="https://mail.example.org/api/x"><img id=d src="/api/x">',
          { allowRemote: true },
        ).html,
      );
      expect(body.querySelector('#a')?.getAttribute('src')).toBe('https://img.example/a.png');
      expect(body.querySelector('#b')?.getAttribute('src')).toBe('https://img.example/b.png');
      expect(body.querySelector('#c')?.hasAttribute('src')).toBe(false);
      expect(body.querySelector('#d')?.hasAttribute('src')).toBe(false);
    });

    it('keeps data: images, drops other data: URLs and unknown cids without counting them as remote', () => {
      const result = clean(
        `<img id=a src="${PNG}"><img id=b src="data:text/html,<script>alert(1)</script>"><img id=c src="cid:missing@x">`,
      );
      const body = dom(result.html);
      expect(body.querySelector('#a')?.getAttribute('src')).toBe(PNG);
      expect(body.querySelector('#b')?.hasAttribute('src')).toBe(false);
      expect(body.querySelector('#c')?.hasAttribute('src')).toBe(false);
      expect(result.blockedRemote).toBe(0);
    });

    it('matches cid: references case-insensitively and percent-decoded (RFC 2392)', () => {
      const body = dom(clean('<img src="cid:LOGO%40acme.example">').html);
      expect(body.querySelector('img')?.getAttribute('src')).toBe(PNG);
    });

    it('keeps same-document SVG references and blocks external ones in presentation attributes', () => {
      const result = clean(
        '<svg><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><rect id=r stroke="url(https://t.example/p.svg#x)"/></svg>',
      );
      const body = dom(result.html);
      expect(body.querySelector('rect')?.getAttribute('fill')).toBe('url(#g)');
      expect(body.querySelector('#r')?.getAttribute('stroke')).not.toContain('t.example');
      expect(result.blockedRemote).toBe(1);
    });
  });

  describe('CSS', () => {
    it.each([
      ['background:url(http://t.example/a.png)'],
      ["background:url('//t.example/a.png') no-repeat"],
      ['background-image:URL("https://t.example/a.png")'],
      ['background:u\\72l(https://t.example/a.png)'],
      ['background:\\75 rl(https://t.example/a.png)'],
      ['background-image:image-set("https://t.example/a.png" 1x)'],
      ['background-image:-webkit-image-set(url(https://t.example/a.png) 1x)'],
      ['list-style:url(https://t.example/a.png)'],
      ['cursor:url(https://t.example/c.cur),auto'],
      ['--x:url(https://t.example/a.png);background:var(--x)'],
      ['border-image:url(https://t.example/a.png) 30'],
      ['background:url(https://t.example/a.png/**/)'],
    ])('removes the remote URL from style="%s"', (style) => {
      const result = clean(`<p style="${style.replace(/"/g, '&quot;')}">x</p>`);
      expect(result.blockedRemote).toBe(1);
      expect(dom(result.html).querySelector('p')?.getAttribute('style')).not.toMatch(/t\.example/);
    });

    it('removes @import and @font-face from <style> blocks, escaped or not, and counts their remote URLs', () => {
      const result = clean(`<style>
        @import url("http://t.example/import.css");
        @\\69mport 'https://t.example/escaped.css';
        @font-face { font-family: Spy; src: url(https://t.example/f.woff2) }
        .a { color: red; background: url(https://t.example/bg.png) }
        @media (max-width: 600px) { .b { background: url(//t.example/m.png) } }
      </style><p class=a>x</p>`);
      const css = dom(result.html).querySelector('style')?.textContent ?? '';
      expect(css).not.toMatch(/t\.example|@import|font-face|\\69/i);
      expect(css).toContain('color: red');
      expect(css).toContain('@media (max-width: 600px)');
      expect(result.blockedRemote).toBe(5);
    });

    it('filters a style attribute repeated on many elements the same every time, counting each remote URL', () => {
      const remote = 'padding:4px;background:url(https://t.example/row.png)';
      const inline = 'background:url(cid:logo@acme.example);color:#333';
      const rows = Array.from({ length: 50 }, (_, i) => `<td style="${i % 2 ? remote : inline}">${i}</td>`);
      const result = clean(`<table><tr>${rows.join('')}</tr></table>`);
      const cells = [...dom(result.html).querySelectorAll('td')];
      expect(cells).toHaveLength(50);
      const styles = new Set(cells.map((cell) => cell.getAttribute('style')));
      expect(styles.size).toBe(2);
      for (const style of styles) expect(style).not.toMatch(/t\.example/);
      expect(cells[0]?.getAttribute('style')).toContain(PNG);
      expect(cells[1]?.getAttribute('style')).toContain('padding');
      expect(result.blockedRemote).toBe(25);
      expect(result.cids).toEqual(['logo@acme.example']);
      // A later call with other options filters afresh: consent lets the same value's image through.
      const allowed = clean(`<p style="${remote}">x</p>`, { allowRemote: true });
      expect(dom(allowed.html).querySelector('p')?.getAttribute('style')).toContain('t.example');
      expect(allowed.blockedRemote).toBe(0);
    });

    it('rewrites cid: in CSS to the inline part', () => {
      const result = clean('<style>.h{background:url(cid:logo@acme.example)}</style><p>x</p>');
      expect(dom(result.html).querySelector('style')?.textContent).toContain(PNG);
      expect(result.cids).toEqual(['logo@acme.example']);
    });

    it('never lets CSS text close its <style> element', () => {
      const escaped = clean(
        '<style>.q{content:"\\3c/style\\3e\\3cimg src=x onerror=alert(1)\\3e"}</style><p>x</p>',
      );
      expect(dom(escaped.html).querySelector('img')).toBeNull();
      expect(escaped.html).not.toMatch(/<\/style>.*<img/);
      const literal = clean('<style>.q{content:"</sty" "le><img src=x onerror=alert(1)>"}</style><p>x</p>');
      expect(dom(literal.html).querySelector('img[onerror]')).toBeNull();
    });

    it('drops a <style> that holds markup (namespace confusion) and IE expressions', () => {
      const body = dom(
        clean(
          '<svg><style><img src=x onerror=alert(1)></style></svg><p style="width:expression(alert(1))">x</p>',
        ).html,
      );
      expect(body.querySelector('[onerror]')).toBeNull();
      for (const style of body.querySelectorAll('style')) expect(style.textContent).not.toContain('<');
      expect(body.querySelector('p')?.getAttribute('style') ?? '').not.toContain('expression');
    });
  });

  it('leaves no script, handler, frame or javascript: URL in any hostile corpus message', async () => {
    for (const message of buildCorpus().filter((m) => m.id.startsWith('hostile-'))) {
      const parsed = await parseMessage(message.raw);
      const results = parsed.body.flatMap((part) => (part.kind === 'html' ? [clean(part.html)] : []));
      expect(results.length, message.id).toBeGreaterThan(0);
      for (const result of results) {
        const body = dom(result.html);
        for (const element of body.querySelectorAll('*')) {
          for (const attribute of element.attributes) {
            expect(attribute.name, `${message.id}: ${element.outerHTML}`).not.toMatch(/^on/i);
            expect(attribute.value, `${message.id}: ${element.outerHTML}`).not.toMatch(
              /javascript:|tracker\.example|phish\.example\/(collect|login)/i,
            );
          }
        }
        expect(body.querySelector('script, iframe, object, embed, form, input, meta, base, link')).toBeNull();
      }
      const blocked = results.reduce((n, r) => n + r.blockedRemote, 0);
      if (message.id === 'hostile-tracking') expect(blocked).toBe(17);
    }
  });

  it('takes viewport height units as pixels in style attributes, style blocks and SVG attributes', () => {
    const body = dom(
      clean('<style>.h{height:100vh}</style><div style="min-height:50vh">x</div><svg height="1000vh"></svg>')
        .html,
    );
    expect(body.querySelector('style')?.textContent).toBe('.h{height:800px}');
    expect(body.querySelector('div')?.getAttribute('style')).toBe('min-height:400px');
    expect(body.querySelector('svg')?.getAttribute('height')).toBe('8000px');
  });
});
