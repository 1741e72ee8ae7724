import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { TlsIdentity } from './upstream-server.ts';

// A scripted submission server (RFC 6409 shaped, just enough of RFC 5321) for the relay's SMTP path: it
// greets, answers EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA and QUIT, and records what it received in
// clear and each message. The relay never reads these bytes; the script is there to prove they arrive
// unchanged and that the plaintext phase is the proxy's own.

export interface SmtpScript {
  /** The greeting; default `220 smtp.test ESMTP scripted`. Sent in plaintext (or first over implicit TLS). */
  greeting?: string;
  /** EHLO reply before TLS; default lists STARTTLS. */
  plainEhlo?: string;
  /** The reply to STARTTLS (and what may be smuggled behind it); default `220 2.0.0 Ready to start TLS`. */
  starttlsReply?: string;
  /** Switch to TLS after the STARTTLS reply (false: just stop answering). Default true. */
  upgrade?: boolean;
}

export interface SmtpRecord {
  /** Everything received before TLS (for an implicit TLS or plaintext server: everything). */
  readonly plaintext: string[];
  /** Every command line received over TLS (or over plaintext when there is no TLS). */
  readonly commands: string[];
  /** DATA contents, dot-unstuffed, without the final `.` line. */
  readonly messages: string[];
}

export const SMTP_TEST_GREETING = '220 smtp.test ESMTP scripted\r\n';
const SECURE_EHLO = '250-smtp.test\r\n250-AUTH PLAIN\r\n250-SIZE 1000000\r\n250 8BITMIME\r\n';

/** Speaks SMTP on `socket` (already TLS, or plaintext with no STARTTLS offered). */
function serveSmtp(socket: Socket, record: SmtpRecord, ehloReply: string): void {
  let buffered = '';
  let inData = false;
  let message = '';
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    let end;
    while ((end = buffered.indexOf('\r\n')) !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (inData) {
        if (line === '.') {
          inData = false;
          record.messages.push(message);
          message = '';
          socket.write('250 2.0.0 Ok: queued as TEST1\r\n');
        } else message += (line.startsWith('.') ? line.slice(1) : line) + '\r\n';
        continue;
      }
      record.commands.push(line);
      const verb = line.split(' ', 1)[0]?.toUpperCase() ?? '';
      if (verb === 'EHLO') socket.write(ehloReply);
      else if (verb === 'AUTH') socket.write('235 2.7.0 Authentication successful\r\n');
      else if (verb === 'MAIL' || verb === 'RCPT') socket.write('250 2.1.0 Ok\r\n');
      else if (verb === 'DATA') {
        inData = true;
        socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
      } else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n');
      else socket.write('502 5.5.2 Error: command not recognized\r\n');
    }
  });
}

/** A submission server over implicit TLS (give `startTestUpstream` the TLS identity) or plaintext. */
export function smtpServer(record: SmtpRecord, script: SmtpScript = {}): (socket: Socket) => void {
  return (socket) => {
    socket.on('data', (chunk: Buffer) => record.plaintext.push(chunk.toString('latin1')));
    socket.write(script.greeting ?? SMTP_TEST_GREETING);
    serveSmtp(socket, record, SECURE_EHLO);
  };
}

/** A plaintext submission server that offers STARTTLS as scripted, then serves SMTP over TLS. */
export function smtpStarttlsServer(
  identity: TlsIdentity,
  record: SmtpRecord,
  script: SmtpScript = {},
): (socket: Socket) => void {
  return (socket) => {
    socket.write(script.greeting ?? SMTP_TEST_GREETING);
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('latin1');
      record.plaintext.push(text);
      buffered += text;
      let end;
      while ((end = buffered.indexOf('\r\n')) !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const verb = line.split(' ', 1)[0]?.toUpperCase();
        if (verb === 'EHLO') {
          socket.write(script.plainEhlo ?? '250-smtp.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n');
        } else if (verb === 'STARTTLS') {
          socket.removeListener('data', onData);
          socket.write(script.starttlsReply ?? '220 2.0.0 Ready to start TLS\r\n');
          if (script.upgrade === false) return;
          const secure = new TLSSocket(socket, { isServer: true, key: identity.key, cert: identity.cert });
          secure.on('error', () => {});
          // RFC 3207 §4.2: no greeting after the handshake; the client starts with EHLO.
          serveSmtp(secure, record, SECURE_EHLO);
          return;
        } else socket.write('530 5.7.0 Must issue a STARTTLS command first\r\n');
      }
    };
    socket.on('data', onData);
  };
}

export function newSmtpRecord(): SmtpRecord {
  return { plaintext: [], commands: [], messages: [] };
}
