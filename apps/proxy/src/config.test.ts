import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configWarnings, DEFAULT_LIMITS, DEFAULT_TIMEOUTS, resolveConfig } from './config.ts';
import { ProxyErrorCode } from './errors.ts';
import { loadConfig } from './load-config.ts';

const minimal = {
  allowedOrigins: ['https://mail.example.com'],
  upstreams: [{ name: 'main', host: 'imap.example.com', tls: 'implicit' }],
};

/** A PEM block whose base64 is no DER certificate. */
const BAD_PEM = '-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';

function fileInTemp(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'proxy-file-')), 'dist');
  writeFileSync(file, 'not a directory');
  return file;
}

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'no error';
}

describe('resolveConfig', () => {
  it('fills every default', () => {
    const config = resolveConfig(minimal, {});
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.timeouts).toEqual(DEFAULT_TIMEOUTS);
    expect(config.timeouts.idleMs).toBeGreaterThan(30 * 60_000);
    expect(config.staticDir).toBeNull();
    expect(config.refusalsAsCloseCodes).toBe(true);
    expect(config.workers).toBe(1);
    expect(config.upstreams.get('main')).toMatchObject({
      label: 'main',
      port: 993,
      ca: null,
      proxyProtocol: false,
    });
  });

  it('normalises origins the way browsers send them', () => {
    const config = resolveConfig({ ...minimal, allowedOrigins: ['HTTPS://Mail.Example.com:443'] }, {});
    expect([...config.allowedOrigins]).toEqual(['https://mail.example.com']);
  });

  it.each([
    ['no origins', { ...minimal, allowedOrigins: [] }, ProxyErrorCode.configInvalid],
    [
      'an origin with a path',
      { ...minimal, allowedOrigins: ['https://a.example/app'] },
      ProxyErrorCode.configInvalid,
    ],
    ['the null origin', { ...minimal, allowedOrigins: ['null'] }, ProxyErrorCode.configInvalid],
    ['no upstreams', { ...minimal, upstreams: [] }, ProxyErrorCode.configInvalid],
    ['a misspelt option', { ...minimal, allowedOrigin: [] }, ProxyErrorCode.configUnknownKey],
    [
      'a misspelt upstream option',
      { ...minimal, upstreams: [{ name: 'a', host: 'h', tls: 'implicit', cafile: 'x' }] },
      ProxyErrorCode.configUnknownKey,
    ],
    [
      'a bad tls mode',
      { ...minimal, upstreams: [{ name: 'a', host: 'h', tls: 'ssl' }] },
      ProxyErrorCode.configInvalid,
    ],
    [
      'an upstream name with a slash',
      { ...minimal, upstreams: [{ name: 'a/b', host: 'h', tls: 'implicit' }] },
      ProxyErrorCode.configInvalid,
    ],
    [
      'two upstreams of one name',
      {
        ...minimal,
        upstreams: [
          { name: 'a', host: 'h', tls: 'implicit' },
          { name: 'a', host: 'i', tls: 'implicit' },
        ],
      },
      ProxyErrorCode.configInvalid,
    ],
    [
      'plaintext to a remote host',
      { ...minimal, upstreams: [{ name: 'a', host: 'imap.example.com', tls: 'none' }] },
      ProxyErrorCode.configPlaintextUpstream,
    ],
    [
      'a missing CA file',
      { ...minimal, upstreams: [{ name: 'a', host: 'h', tls: 'implicit', caFile: '/nonexistent/ca.pem' }] },
      ProxyErrorCode.configFile,
    ],
    [
      'a CA that is no PEM',
      { ...minimal, upstreams: [{ name: 'a', host: 'h', tls: 'implicit', ca: 'hello' }] },
      ProxyErrorCode.configInvalid,
    ],
    [
      'a pin that is no SHA-256',
      { ...minimal, upstreams: [{ name: 'a', host: 'h', tls: 'implicit', pinSha256: ['abc'] }] },
      ProxyErrorCode.configInvalid,
    ],
    ['a port out of range', { ...minimal, listen: { port: 70_000 } }, ProxyErrorCode.configInvalid],
    ['a zero timeout', { ...minimal, timeouts: { idleMs: 0 } }, ProxyErrorCode.configInvalid],
    ['a bad trusted proxy', { ...minimal, trustedProxies: ['proxy.local'] }, ProxyErrorCode.configInvalid],
    ['zero workers', { ...minimal, workers: 0 }, ProxyErrorCode.configInvalid],
    ['a fractional worker count', { ...minimal, workers: 1.5 }, ProxyErrorCode.configInvalid],
  ])('refuses %s', (_name, input, code) => {
    expect(errorCode(() => resolveConfig(input, {}))).toBe(code);
  });

  it('allows plaintext to loopback, and elsewhere only with the loud override', () => {
    const loopback = { ...minimal, upstreams: [{ name: 'a', host: '127.0.0.1', tls: 'none' }] };
    expect(resolveConfig(loopback, {}).upstreams.get('a')?.port).toBe(143);
    const remote = {
      ...minimal,
      upstreams: [{ name: 'a', host: 'imap.example.com', tls: 'none', dangerouslyAllowPlaintext: true }],
    };
    expect(resolveConfig(remote, {}).upstreams.get('a')?.tls).toBe('none');
  });

  it.each([
    [
      'a CSP with a line break',
      { contentSecurityPolicy: "default-src 'self'\r\nX-Evil: 1" },
      'contentSecurityPolicy',
    ],
    [
      'a CSP with a control character',
      { contentSecurityPolicy: "default-src 'self'\u0000" },
      'contentSecurityPolicy',
    ],
    [
      'an IPv4 prefix above 32',
      { trustedProxies: ['10.0.0.0/33'] },
      'trustedProxies[0] has a prefix length above 32',
    ],
    ['an IPv6 prefix above 128', { trustedProxies: ['127.0.0.1', 'fd00::/129'] }, 'trustedProxies[1]'],
    ['a CIDR with two slashes', { trustedProxies: ['10.0.0.0/8/8'] }, 'trustedProxies[0]'],
    ['a missing staticDir', { staticDir: '/nonexistent/webmail/dist' }, 'staticDir does not exist'],
    ['a staticDir that is a file', { staticDir: fileInTemp() }, 'staticDir is not a directory'],
    [
      'a staticDir with no index.html',
      { staticDir: mkdtempSync(join(tmpdir(), 'proxy-empty-')) },
      'staticDir has no index.html',
    ],
    [
      'a CA whose PEM block is no certificate',
      { upstreams: [{ name: 'a', host: 'h', tls: 'implicit', ca: BAD_PEM }] },
      'upstreams[0].ca holds a certificate that does not parse',
    ],
    [
      'an smtp CA whose PEM block is no certificate',
      {
        upstreams: [
          { name: 'a', host: 'h', tls: 'implicit', smtp: { host: 'h', tls: 'implicit', ca: BAD_PEM } },
        ],
      },
      'upstreams[0].smtp.ca',
    ],
  ])('refuses %s at start, naming it', (_name, fields, message) => {
    let thrown: { code?: string; message?: string } = {};
    try {
      resolveConfig({ ...minimal, ...fields }, {});
    } catch (error) {
      thrown = error as typeof thrown;
    }
    expect(thrown.code).toBe(ProxyErrorCode.configInvalid);
    expect(thrown.message).toContain(message);
  });

  it('accepts a staticDir holding index.html, and prefixes within range', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxy-app-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const config = resolveConfig(
      { ...minimal, staticDir: dir, trustedProxies: ['10.0.0.0/32', 'fd00::/128'] },
      {},
    );
    expect(config.staticDir).toBe(dir);
  });

  it('warns, without refusing, about an idle timeout shorter than IMAP IDLE needs', () => {
    expect(configWarnings(resolveConfig(minimal, {}))).toEqual([]);
    const short = resolveConfig({ ...minimal, timeouts: { idleMs: 10 * 60_000 } }, {});
    expect(configWarnings(short)).toEqual([expect.stringContaining('timeouts.idleMs is 600000 ms')]);
  });

  it('refuses to start when NODE_TLS_REJECT_UNAUTHORIZED=0', () => {
    expect(errorCode(() => resolveConfig(minimal, { NODE_TLS_REJECT_UNAUTHORIZED: '0' }))).toBe(
      ProxyErrorCode.configTlsVerifyDisabled,
    );
  });
});

describe('resolveConfig: the submission server of an upstream', () => {
  const withSmtp = (
    fields: Record<string, unknown>,
    smtp: Record<string, unknown> | undefined = undefined,
  ) => ({
    ...minimal,
    upstreams: [
      { name: 'main', host: 'imap.example.com', tls: 'implicit', ...fields, ...(smtp && { smtp }) },
    ],
  });

  it('has no smtp, no mail domain and no identities unless configured', () => {
    expect(resolveConfig(minimal, {}).upstreams.get('main')).toMatchObject({
      smtp: null,
      mailDomain: null,
      savesSentCopy: false,
      identities: [],
    });
  });

  it.each([
    ['implicit', 465],
    ['starttls', 587],
  ])('defaults the port of %s to %i (RFC 8314, RFC 6409)', (tls, port) => {
    const config = resolveConfig(withSmtp({}, { host: 'smtp.example.com', tls }), {});
    expect(config.upstreams.get('main')?.smtp).toEqual({
      host: 'smtp.example.com',
      port,
      tls,
      ca: null,
      servername: null,
      pinSha256: [],
      proxyProtocol: false,
      ehloName: null,
    });
  });

  it('reads the mail domain, the sent-copy flag and the identities', () => {
    const identities = [
      { address: '{user}@example.com' },
      { name: 'Отдел продаж', address: 'sales@example.com' },
    ];
    const config = resolveConfig(
      withSmtp(
        { mailDomain: 'example.com', savesSentCopy: true, identities },
        { host: 'smtp.example.com', tls: 'starttls', ehloName: '[IPv6:2001:db8::1]' },
      ),
      {},
    );
    expect(config.upstreams.get('main')).toMatchObject({
      mailDomain: 'example.com',
      savesSentCopy: true,
      identities,
    });
    expect(config.upstreams.get('main')?.smtp?.ehloName).toBe('[IPv6:2001:db8::1]');
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, string, string]>([
    [
      'smtp that is not an object',
      { smtp: 'smtp.example.com' },
      undefined,
      'upstreams[0].smtp',
      ProxyErrorCode.configInvalid,
    ],
    [
      'a misspelt smtp option',
      {},
      { host: 'h', tls: 'implicit', prot: 1 },
      'upstreams[0].smtp.prot',
      ProxyErrorCode.configUnknownKey,
    ],
    ['smtp without a host', {}, { tls: 'implicit' }, 'upstreams[0].smtp.host', ProxyErrorCode.configInvalid],
    [
      'a bad smtp tls mode',
      {},
      { host: 'h', tls: 'ssl' },
      'upstreams[0].smtp.tls',
      ProxyErrorCode.configInvalid,
    ],
    [
      'an smtp port out of range',
      {},
      { host: 'h', tls: 'implicit', port: 0 },
      'upstreams[0].smtp.port',
      ProxyErrorCode.configInvalid,
    ],
    [
      'plaintext smtp to a remote host',
      {},
      { host: 'smtp.example.com', tls: 'none' },
      'upstreams[0].smtp',
      ProxyErrorCode.configPlaintextUpstream,
    ],
    [
      'an smtp CA that is no PEM',
      {},
      { host: 'h', tls: 'implicit', ca: 'x' },
      'upstreams[0].smtp.ca',
      ProxyErrorCode.configInvalid,
    ],
    [
      'an ehloName with a line break',
      {},
      { host: 'h', tls: 'starttls', ehloName: 'a\r\nRCPT TO:<x@y>' },
      'upstreams[0].smtp.ehloName',
      ProxyErrorCode.configInvalid,
    ],
    [
      'an ehloName with a space',
      {},
      { host: 'h', tls: 'starttls', ehloName: 'a b' },
      'upstreams[0].smtp.ehloName',
      ProxyErrorCode.configInvalid,
    ],
    [
      'a mailDomain with an @',
      { mailDomain: 'me@example.com' },
      undefined,
      'upstreams[0].mailDomain',
      ProxyErrorCode.configInvalid,
    ],
    [
      'savesSentCopy as a string',
      { savesSentCopy: 'yes' },
      undefined,
      'upstreams[0].savesSentCopy',
      ProxyErrorCode.configInvalid,
    ],
    [
      'identities as an object',
      { identities: {} },
      undefined,
      'upstreams[0].identities',
      ProxyErrorCode.configInvalid,
    ],
    [
      'an identity without @',
      { identities: [{ address: 'sales' }] },
      undefined,
      'upstreams[0].identities[0].address',
      ProxyErrorCode.configInvalid,
    ],
    [
      'an identity name with a line break',
      { identities: [{ name: 'a\nBcc: x', address: 'a@b.c' }] },
      undefined,
      'upstreams[0].identities[0].name',
      ProxyErrorCode.configInvalid,
    ],
    [
      'a misspelt identity key',
      { identities: [{ adress: 'a@b.c' }] },
      undefined,
      'upstreams[0].identities[0].adress',
      ProxyErrorCode.configUnknownKey,
    ],
    [
      'a label with a line break',
      { label: 'a\r\nb' },
      undefined,
      'upstreams[0].label',
      ProxyErrorCode.configInvalid,
    ],
  ])('refuses %s, naming the field', (_name, fields, smtp, field, code) => {
    const input = withSmtp(fields, smtp);
    let thrown: { code?: string; message?: string } = {};
    try {
      resolveConfig(input, {});
    } catch (error) {
      thrown = error as typeof thrown;
    }
    expect(thrown.code).toBe(code);
    expect(thrown.message).toContain(field);
  });
});

describe('loadConfig', () => {
  it('reads the file and lets the environment override it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxy-config-'));
    const file = join(dir, 'proxy.json');
    writeFileSync(file, JSON.stringify({ ...minimal, listen: { host: '0.0.0.0', port: 9000 } }));
    const config = loadConfig({
      file,
      env: {
        WEBMAIL_PROXY_PORT: '9100',
        WEBMAIL_PROXY_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
        WEBMAIL_PROXY_TRUSTED_PROXIES: '127.0.0.1',
        WEBMAIL_PROXY_WORKERS: '2',
      },
    });
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(config.workers).toBe(2);
    expect([...config.allowedOrigins]).toEqual(['https://a.example', 'https://b.example']);
    expect(config.trustedProxies).toEqual(['127.0.0.1']);
  });

  it('runs from the environment alone', () => {
    const config = loadConfig({
      env: {
        WEBMAIL_PROXY_ALLOWED_ORIGINS: 'https://a.example',
        WEBMAIL_PROXY_UPSTREAMS: JSON.stringify([{ name: 'x', host: '127.0.0.1', tls: 'starttls' }]),
      },
    });
    expect(config.upstreams.get('x')?.tls).toBe('starttls');
  });

  it.each([
    ['a missing file', { file: '/nonexistent/proxy.json', env: {} }, ProxyErrorCode.configFile],
    ['bad JSON in the environment', { env: { WEBMAIL_PROXY_UPSTREAMS: '[' } }, ProxyErrorCode.configInvalid],
  ])('refuses %s', (_name, options, code) => {
    expect(errorCode(() => loadConfig(options))).toBe(code);
  });
});
