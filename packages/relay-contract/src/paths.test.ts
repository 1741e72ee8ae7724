import { describe, expect, it } from 'vitest';
import { imapWebSocketUrl, relayTarget, relayWebSocketUrl, smtpWebSocketUrl } from './paths.ts';

describe('WebSocket URLs from the page origin', () => {
  it.each([
    [
      'https://mail.example.org',
      'main',
      'wss://mail.example.org/imap/main',
      'wss://mail.example.org/smtp/main',
    ],
    ['http://localhost:8080/', 'a b', 'ws://localhost:8080/imap/a%20b', 'ws://localhost:8080/smtp/a%20b'],
    ['HTTPS://Mail.Example.org', 'x', 'wss://Mail.Example.org/imap/x', 'wss://Mail.Example.org/smtp/x'],
    [
      'https://example.org/webmail//',
      'm',
      'wss://example.org/webmail/imap/m',
      'wss://example.org/webmail/smtp/m',
    ],
    ['wss://example.org', 'm', 'wss://example.org/imap/m', 'wss://example.org/smtp/m'],
  ])('maps %s and %s to the imap and smtp paths', (origin, name, imap, smtp) => {
    expect(imapWebSocketUrl(origin, name)).toBe(imap);
    expect(smtpWebSocketUrl(origin, name)).toBe(smtp);
  });

  it.each(['file:///tmp/x', 'ftp://example.org', 'example.org', ''])('refuses the origin %j', (origin) => {
    expect(() => relayWebSocketUrl(origin, 'smtp', 'main')).toThrow(TypeError);
  });
});

describe('relayTarget reads what a request path asks for', () => {
  it.each([
    ['/imap/main', { protocol: 'imap', upstreamName: 'main' }],
    ['/smtp/main', { protocol: 'smtp', upstreamName: 'main' }],
    ['/smtp/', null],
    ['/smtp/main/extra', null],
    ['/imapx/main', null],
    ['/api/upstreams', null],
    ['/', null],
  ])('%s', (path, target) => {
    expect(relayTarget(path)).toEqual(target);
  });
});
