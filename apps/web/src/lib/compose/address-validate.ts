// Is this an address mail can be sent to, and how does it travel? RFC 5321 4.1.2 (Mailbox) with RFC 5322
// 3.4.1's dot-atom and quoted local parts, extended by RFC 6531 3.3 (UTF-8 local parts, IDN domains) and
// limited by RFC 5321 4.5.3.1. What needs SMTPUTF8: a non-ASCII local part, and nothing else: an IDN domain
// always has an ASCII form (its A-labels, "punycode"), which is what travels when SMTPUTF8 is off.
//
// IDN conversion is the browser's own: the WHATWG URL parser applies UTS #46 (IDNA 2008 with the mappings
// browsers use: full-width dots, case, NFC) and throws on what cannot be a host. Node and Chromium run the
// same algorithm; test/compose/idn.e2e checks that they agree.

import { isAscii } from './bytes.ts';
import { ComposeError } from './errors.ts';
import type { AddressProblem, MailAddress } from './types.ts';

/** RFC 5321 4.5.3.1.1 / .2 / .3: octets in a local part, a domain, and a whole path without its brackets. */
export const MAX_LOCAL_PART = 64;
export const MAX_DOMAIN = 255;
export const MAX_ADDRESS = 254;
const MAX_LABEL = 63;

/** RFC 5322 3.2.3 atext; RFC 6531 3.3 adds UTF8-non-ascii, of which we refuse controls, spaces, format chars. */
const DOT_ATOM_LOCAL =
  /^(?:[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]|(?![\p{Cc}\p{Z}\p{Cf}])\P{ASCII})+(?:\.(?:[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]|(?![\p{Cc}\p{Z}\p{Cf}])\P{ASCII})+)*$/u;
/** RFC 5321 4.1.2 Quoted-string: qtextSMTP or quoted-pairSMTP, printable ASCII (and UTF-8 per RFC 6531). */
const QUOTED_LOCAL = /^"(?:[ !#-[\]-~]|\\[ -~]|(?![\p{Cc}\p{Cf}])\P{ASCII})*"$/u;
/** Characters a host name may be written with before IDNA: LDH, dots, and anything not ASCII. */
const HOST_CHARS = /^[A-Za-z0-9.\-\u0080-\u{10FFFF}]+$/u;
const A_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/** `local@domain` split at the last '@' (a quoted local part may hold '@'), or null without one. */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at < 0) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/**
 * A domain's ASCII form: ASCII domains unchanged, IDNs as A-labels; null when it is no host name. Domain
 * literals (`[192.0.2.1]`) are returned as they are.
 */
export function asciiDomain(domain: string): string | null {
  if (domain.startsWith('[')) return domainLiteralOk(domain) ? domain : null;
  if (!HOST_CHARS.test(domain)) return null;
  if (isAscii(domain)) return domain;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

/** RFC 5321 4.1.3 address literals: IPv4, or IPv6 in the `IPv6:` form. */
function domainLiteralOk(literal: string): boolean {
  const inside = literal.match(/^\[(.*)\]$/)?.[1];
  if (inside === undefined) return false;
  if (IPV4.test(inside)) return true;
  if (!/^IPv6:/i.test(inside)) return false;
  try {
    return new URL(`http://[${inside.slice(5)}]/`).hostname !== '';
  } catch {
    return false;
  }
}

function domainProblem(domain: string): AddressProblem | null {
  if (domain === '') return 'bad-domain';
  const ascii = asciiDomain(domain);
  if (ascii === null) return 'bad-domain';
  if (ascii.startsWith('[')) return null;
  if (ascii.length > MAX_DOMAIN) return 'too-long';
  const labels = ascii.toLowerCase().split('.');
  // A dotless host is no mail domain on the Internet (RFC 5321 2.3.5 wants fully qualified names), and an
  // all-digit top label is an IP address typed without brackets (RFC 3696 2).
  if (labels.length < 2) return 'bad-domain';
  if (/^\d+$/.test(labels[labels.length - 1] as string)) return 'bad-domain';
  for (const label of labels) {
    if (label.length > MAX_LABEL) return 'too-long';
    if (!A_LABEL.test(label)) return 'bad-domain';
  }
  return null;
}

/** The problem with an addr-spec (no display name, no brackets), or null when mail can be sent to it. */
export function validateAddress(address: string): AddressProblem | null {
  if (address === '') return 'empty';
  const parts = splitAddress(address);
  if (parts === null) return 'missing-at';
  const { local, domain } = parts;
  if (local === '' || !(DOT_ATOM_LOCAL.test(local) || QUOTED_LOCAL.test(local))) return 'bad-local-part';
  const problem = domainProblem(domain);
  if (problem !== null) return problem;
  const asciiLength = local.length + 1 + (asciiDomain(domain) as string).length;
  if (byteLength(local) > MAX_LOCAL_PART || byteLength(address) > MAX_ADDRESS || asciiLength > MAX_ADDRESS)
    return 'too-long';
  return null;
}

const addressOf = (entry: MailAddress | string): string =>
  typeof entry === 'string' ? entry : entry.address;

/** RFC 6531: only a non-ASCII local part needs SMTPUTF8 (domains go as A-labels without it). */
export function needsSmtpUtf8(addresses: Iterable<MailAddress | string>): boolean {
  for (const entry of addresses) {
    const parts = splitAddress(addressOf(entry));
    if (parts !== null && !isAscii(parts.local)) return true;
  }
  return false;
}

/**
 * The address for MAIL FROM / RCPT TO. With `smtputf8` (the server has SMTPUTF8 and the caller uses it) it
 * goes as typed, NFC-normalized (RFC 6531 3.2: UTF-8 in NFC). Without, an IDN domain goes as A-labels and a
 * non-ASCII local part is COMPOSE_UTF8_REQUIRED: no ASCII form of it exists (RFC 6530 has no downgrade).
 */
export function envelopeAddress(address: string, smtputf8: boolean): string {
  const problem = validateAddress(address);
  if (problem !== null) throw new ComposeError('COMPOSE_BAD_ADDRESS', `${address}: ${problem}`);
  const { local, domain } = splitAddress(address) as { local: string; domain: string };
  if (smtputf8) return address.normalize('NFC');
  if (!isAscii(local)) {
    throw new ComposeError('COMPOSE_UTF8_REQUIRED', `${address} needs a server with SMTPUTF8`);
  }
  return `${local}@${asciiDomain(domain) as string}`;
}
