// AUTHENTICATE PLAIN (RFC 9051 6.2.2, RFC 4616), with the initial response on the command line when SASL-IR
// (RFC 4959) is advertised. The response is base64 of "authzid NUL authcid NUL password": a secret, traced '***'.

import { ErrorCodes, UsageError } from '../errors.ts';
import { utf8Encode } from '../wire/encoder.ts';
import type { Command } from './command.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CRLF = Uint8Array.of(0x0d, 0x0a);

function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[n >> 18] + (ALPHABET[(n >> 12) & 63] as string);
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63];
    out += c === undefined ? '=' : ALPHABET[n & 63];
  }
  return out;
}

export function authenticatePlainCommand(user: string, password: string, authzid = ''): Command<void> {
  if ((authzid + user + password).includes('\0')) {
    throw new UsageError(ErrorCodes.INVALID_ARGUMENT, 'AUTHENTICATE PLAIN fields cannot contain NUL');
  }
  const response = base64Encode(utf8Encode(`${authzid}\0${user}\0${password}`));
  let responded = false;
  let initialResponse = false;
  return {
    name: 'AUTHENTICATE',
    states: ['not-authenticated'],
    exclusive: true,
    effect: { kind: 'authenticate' },
    check(context) {
      if (!context.capabilities.has('AUTH=PLAIN')) {
        throw new UsageError(ErrorCodes.UNSUPPORTED, 'the server does not offer AUTH=PLAIN');
      }
    },
    encode(w, context) {
      w.syntax('AUTHENTICATE PLAIN');
      initialResponse = context.capabilities.has('SASL-IR');
      if (initialResponse) {
        responded = true;
        w.sp().astring(response, { secret: true });
      }
    },
    onContinuation(_request, channel) {
      if (responded) {
        // PLAIN has a single step: a second challenge is not something we can answer, so cancel (RFC 9051 6.2.2).
        channel.send(Uint8Array.of(0x2a, 0x0d, 0x0a), '*');
        return;
      }
      responded = true;
      const bytes = utf8Encode(response);
      const line = new Uint8Array(bytes.length + 2);
      line.set(bytes);
      line.set(CRLF, bytes.length);
      channel.send(line, '***');
    },
    onOk: () => undefined,
  };
}
