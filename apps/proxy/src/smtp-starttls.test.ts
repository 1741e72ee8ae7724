import { describe, expect, it } from 'vitest';
import { ProxyErrorCode } from './errors.ts';
import { SmtpStarttlsNegotiation, smtpGreetingForBrowser } from './smtp-starttls.ts';
import { MAX_LINE_BYTES, type StarttlsStep } from './starttls.ts';

// Transcripts in `S:` (server bytes fed to the negotiation, `\r\n` written out) / `C:` (what it asks us to
// send) form. Only S: lines are fed; C: lines document the exchange and are checked against the steps.
function run(transcript: string[]): StarttlsStep[] {
  const negotiation = new SmtpStarttlsNegotiation('main', '[192.0.2.1]');
  const steps: StarttlsStep[] = [];
  for (const line of transcript) {
    if (line.startsWith('S: '))
      steps.push(negotiation.receive(Buffer.from(line.slice(3).replaceAll('\\r\\n', '\r\n'), 'latin1')));
  }
  return steps;
}

function sent(steps: StarttlsStep[]): (string | StarttlsStep)[] {
  return steps.map((step) => (step !== null && 'send' in step ? step.send : step));
}

function failure(transcript: string[]): string {
  try {
    run(transcript);
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'no error';
}

const POSTFIX_EHLO =
  'S: 250-mail.example.com\\r\\n250-PIPELINING\\r\\n250-SIZE 10240000\\r\\n250-ETRN\\r\\n' +
  '250-STARTTLS\\r\\n250-ENHANCEDSTATUSCODES\\r\\n250-8BITMIME\\r\\n250-DSN\\r\\n250 CHUNKING\\r\\n';

describe('SmtpStarttlsNegotiation', () => {
  it('greets, asks EHLO, sends STARTTLS, and upgrades with the fixed greeting for the browser', () => {
    const steps = run([
      'S: 220 mail.example.com ESMTP Postfix (Debian/GNU)\\r\\n',
      'C: EHLO [192.0.2.1]',
      POSTFIX_EHLO,
      'C: STARTTLS',
      'S: 220 2.0.0 Ready to start TLS\\r\\n',
    ]);
    expect(sent(steps)).toEqual([
      'EHLO [192.0.2.1]\r\n',
      'STARTTLS\r\n',
      { upgrade: true, greeting: Buffer.from('220 main ESMTP ready (TLS by the relay)\r\n') },
    ]);
  });

  it('hands the browser a fixed line that holds no text of the plaintext phase', () => {
    const steps = run([
      'S: 220-mail.example.com [ALERT] click http://evil.example\\r\\n220 hi\\r\\n',
      'S: 250-x\\r\\n250 STARTTLS\\r\\n',
      'S: 220 evil text\\r\\n',
    ]);
    const last = steps[2] ?? null;
    expect(last !== null && 'greeting' in last ? last.greeting.toString('latin1') : null).toBe(
      smtpGreetingForBrowser('main').toString('latin1'),
    );
    expect(smtpGreetingForBrowser('main').toString('latin1')).not.toMatch(/evil|ALERT|hi/);
  });

  it('reads replies split anywhere, one byte at a time', () => {
    const negotiation = new SmtpStarttlsNegotiation('main', 'relay.example.com');
    const feed = (text: string): StarttlsStep[] =>
      [...Buffer.from(text, 'latin1')].map((byte) => negotiation.receive(Buffer.of(byte)));
    const greeting = feed('220-first line\r\n220 second line\r\n');
    expect(greeting.slice(0, -1).every((step) => step === null)).toBe(true);
    expect(greeting.at(-1)).toEqual({ send: 'EHLO relay.example.com\r\n' });
    expect(feed('250-relay\r\n250-starttls\r\n250 SIZE 1000\r\n').at(-1)).toEqual({ send: 'STARTTLS\r\n' });
    expect(feed('220 go ahead\r\n').at(-1)).toMatchObject({ upgrade: true });
  });

  it('takes a reply line of a bare code', () => {
    expect(sent(run(['S: 220\\r\\n', 'S: 250-a\\r\\n250-STARTTLS\\r\\n250\\r\\n', 'S: 220\\r\\n']))).toEqual([
      'EHLO [192.0.2.1]\r\n',
      'STARTTLS\r\n',
      { upgrade: true, greeting: smtpGreetingForBrowser('main') },
    ]);
  });

  it.each([
    ['a 554 greeting', ['S: 554 5.3.2 no service for you\\r\\n'], ProxyErrorCode.upstreamProtocol],
    ['a 421 greeting', ['S: 421 4.3.2 shutting down\\r\\n'], ProxyErrorCode.upstreamProtocol],
    ['an IMAP greeting', ['S: * OK IMAP ready\\r\\n'], ProxyErrorCode.upstreamProtocol],
    ['a greeting of garbage', ['S: HTTP/1.1 400 Bad Request\\r\\n'], ProxyErrorCode.upstreamProtocol],
    ['a reply code of 1xx', ['S: 150 hi\\r\\n'], ProxyErrorCode.upstreamProtocol],
    ['lines disagreeing on the code', ['S: 220-a\\r\\n250 b\\r\\n'], ProxyErrorCode.upstreamProtocol],
    ['EHLO refused', ['S: 220 hi\\r\\n', 'S: 550 5.7.1 go away\\r\\n'], ProxyErrorCode.upstreamProtocol],
    ['EHLO answered 421', ['S: 220 hi\\r\\n', 'S: 421 4.4.2 timeout\\r\\n'], ProxyErrorCode.upstreamProtocol],
    [
      'no STARTTLS offered',
      ['S: 220 hi\\r\\n', 'S: 250-hi\\r\\n250-AUTH PLAIN\\r\\n250 SIZE 1000\\r\\n'],
      ProxyErrorCode.starttlsUnsupported,
    ],
    [
      'STARTTLS only in the first line (the server name, not a keyword)',
      ['S: 220 hi\\r\\n', 'S: 250 STARTTLS\\r\\n'],
      ProxyErrorCode.starttlsUnsupported,
    ],
    [
      'STARTTLS refused with 454',
      ['S: 220 hi\\r\\n', 'S: 250-hi\\r\\n250 STARTTLS\\r\\n', 'S: 454 4.7.0 TLS not available\\r\\n'],
      ProxyErrorCode.starttlsRejected,
    ],
    [
      'STARTTLS answered 501',
      ['S: 220 hi\\r\\n', 'S: 250-hi\\r\\n250 STARTTLS\\r\\n', 'S: 501 5.5.4 syntax\\r\\n'],
      ProxyErrorCode.starttlsRejected,
    ],
    [
      'a reply injected behind STARTTLS 220',
      [
        'S: 220 hi\\r\\n',
        'S: 250-hi\\r\\n250 STARTTLS\\r\\n',
        'S: 220 go\\r\\n250 AUTH PLAIN injected\\r\\n',
      ],
      ProxyErrorCode.starttlsInjection,
    ],
    [
      'a partial line behind STARTTLS 220',
      ['S: 220 hi\\r\\n', 'S: 250-hi\\r\\n250 STARTTLS\\r\\n', 'S: 220 go\\r\\n2'],
      ProxyErrorCode.starttlsInjection,
    ],
    [
      'bytes after the upgrade was decided',
      ['S: 220 hi\\r\\n', 'S: 250-hi\\r\\n250 STARTTLS\\r\\n', 'S: 220 go\\r\\n', 'S: 250 late\\r\\n'],
      ProxyErrorCode.starttlsInjection,
    ],
    [
      'an EHLO reply sent before our EHLO',
      ['S: 220 hi\\r\\n250-hi\\r\\n250 STARTTLS\\r\\n'],
      ProxyErrorCode.starttlsInjection,
    ],
    [
      'a STARTTLS reply sent before our STARTTLS',
      ['S: 220 hi\\r\\n', 'S: 250-hi\\r\\n250 STARTTLS\\r\\n220 go\\r\\n'],
      ProxyErrorCode.starttlsInjection,
    ],
    ['a line over the limit', [`S: 220 ${'a'.repeat(MAX_LINE_BYTES + 1)}`], ProxyErrorCode.upstreamProtocol],
    [
      'a terminated line over the limit',
      [`S: 220 ${'a'.repeat(MAX_LINE_BYTES)}\\r\\n`],
      ProxyErrorCode.upstreamProtocol,
    ],
    ['an endless multiline greeting', [`S: ${'220-a\\r\\n'.repeat(65)}`], ProxyErrorCode.upstreamProtocol],
  ])('refuses %s', (_name, transcript, code) => {
    expect(failure(transcript)).toBe(code);
  });
});
