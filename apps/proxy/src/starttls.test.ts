import { describe, expect, it } from 'vitest';
import { ProxyErrorCode } from './errors.ts';
import { greetingForBrowser, MAX_LINE_BYTES, StarttlsNegotiation, type StarttlsStep } from './starttls.ts';

// Transcripts in `S:` (server bytes fed to the negotiation) / `C:` (what it asks us to send) form.
function run(transcript: string[]): StarttlsStep[] {
  const negotiation = new StarttlsNegotiation('main');
  const steps: StarttlsStep[] = [];
  for (const line of transcript) {
    if (line.startsWith('S: '))
      steps.push(negotiation.receive(Buffer.from(line.slice(3).replaceAll('\\r\\n', '\r\n'))));
  }
  return steps;
}

function failure(transcript: string[]): string {
  try {
    run(transcript);
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'no error';
}

describe('StarttlsNegotiation', () => {
  it('sends STARTTLS at once when the greeting carries the capability, then upgrades on the tagged OK', () => {
    const steps = run([
      'S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.\\r\\n',
      'C: P2 STARTTLS',
      'S: P2 OK Begin TLS negotiation now.\\r\\n',
    ]);
    expect(steps[0]).toEqual({ send: 'P2 STARTTLS\r\n' });
    expect(steps[1]).toEqual({
      upgrade: true,
      greeting: Buffer.from('* OK main ready (TLS by the relay)\r\n'),
    });
  });

  it('asks for CAPABILITY when the greeting has none', () => {
    const steps = run([
      'S: * OK server ready\\r\\n',
      'C: P1 CAPABILITY',
      'S: * CAPABILITY IMAP4rev1 STARTTLS\\r\\nP1 OK done\\r\\n',
      'C: P2 STARTTLS',
      'S: P2 OK go\\r\\n',
    ]);
    expect(steps.map((step) => (step !== null && 'send' in step ? step.send : step))).toEqual([
      'P1 CAPABILITY\r\n',
      'P2 STARTTLS\r\n',
      { upgrade: true, greeting: greetingForBrowser('main') },
    ]);
  });

  it('reads a greeting split across chunks', () => {
    const steps = run(['S: * OK [CAPABILITY IMAP4rev1 ST', 'S: ARTTLS] hi', 'S: \\r\\n']);
    expect(steps).toEqual([null, null, { send: 'P2 STARTTLS\r\n' }]);
  });

  it.each([
    [
      'PREAUTH greeting',
      ['S: * PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] logged in\\r\\n'],
      ProxyErrorCode.upstreamPreauth,
    ],
    ['BYE greeting', ['S: * BYE too many connections\\r\\n'], ProxyErrorCode.upstreamProtocol],
    ['garbage greeting', ['S: HTTP/1.1 400 Bad Request\\r\\n'], ProxyErrorCode.upstreamProtocol],
    [
      'no STARTTLS offered',
      ['S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\\r\\n'],
      ProxyErrorCode.starttlsUnsupported,
    ],
    [
      'no STARTTLS in CAPABILITY',
      ['S: * OK hi\\r\\n', 'S: * CAPABILITY IMAP4rev1\\r\\nP1 OK done\\r\\n'],
      ProxyErrorCode.starttlsUnsupported,
    ],
    [
      'STARTTLS refused',
      ['S: * OK [CAPABILITY STARTTLS] hi\\r\\n', 'S: P2 NO not now\\r\\n'],
      ProxyErrorCode.starttlsRejected,
    ],
    [
      'bytes injected after the tagged OK in the same read',
      [
        'S: * OK [CAPABILITY STARTTLS] hi\\r\\n',
        'S: P2 OK go\\r\\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake\\r\\n',
      ],
      ProxyErrorCode.starttlsInjection,
    ],
    [
      'an answer pipelined behind the greeting',
      ['S: * OK [CAPABILITY STARTTLS] hi\\r\\nP2 OK go\\r\\n'],
      ProxyErrorCode.starttlsInjection,
    ],
    [
      'an untagged line before the STARTTLS answer',
      ['S: * OK [CAPABILITY STARTTLS] hi\\r\\n', 'S: * OK injected\\r\\n'],
      ProxyErrorCode.starttlsInjection,
    ],
    [
      'a greeting longer than the line limit',
      [`S: * OK ${'x'.repeat(MAX_LINE_BYTES + 1)}`],
      ProxyErrorCode.upstreamProtocol,
    ],
  ])('refuses %s', (_name, transcript, code) => {
    expect(failure(transcript)).toBe(code);
  });

  it('refuses bytes that arrive after the upgrade was decided', () => {
    const negotiation = new StarttlsNegotiation('main');
    negotiation.receive(Buffer.from('* OK [CAPABILITY STARTTLS] hi\r\n'));
    negotiation.receive(Buffer.from('P2 OK go\r\n'));
    expect(() => negotiation.receive(Buffer.from('x'))).toThrow(/after the STARTTLS answer/);
  });
});

describe('greetingForBrowser', () => {
  it('is a fixed line naming the upstream, whatever the server said before TLS', () => {
    const steps = run([
      'S: * OK [CAPABILITY IMAP4rev1 STARTTLS] [ALERT] Your account is locked: call +1 555 0100\\r\\n',
      'S: P2 OK go\\r\\n',
    ]);
    expect(steps[1]).toEqual({
      upgrade: true,
      greeting: Buffer.from('* OK main ready (TLS by the relay)\r\n'),
    });
    expect(greetingForBrowser('main').toString()).not.toMatch(/CAPABILITY|ALERT|locked/);
  });
});
