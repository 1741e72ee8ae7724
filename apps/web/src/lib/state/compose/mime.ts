// The composer's seam to message building (contracts.md section 4, `lib/compose/`, written on the MIME branch).
// Until that branch lands these are small stand-ins with the contract's names and signatures, enough for the
// composer's own tests; this file then becomes re-exports and the stand-ins go.

export interface MailAddress {
  readonly name?: string;
  readonly address: string;
}

export interface OutgoingAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
  /** Set: an inline part referenced as cid: from the HTML. */
  readonly contentId?: string;
}

export interface OutgoingMessage {
  readonly from: MailAddress;
  readonly replyTo?: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly bcc: readonly MailAddress[];
  readonly subject: string;
  readonly date: Date;
  readonly messageId: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  readonly text: string;
  readonly html?: string;
  readonly attachments: readonly OutgoingAttachment[];
  readonly extraHeaders?: readonly (readonly [string, string])[];
}

export interface BuiltMessage {
  readonly bytes: Uint8Array;
  readonly eightBit: boolean;
}

export type AddressProblem =
  | 'empty'
  | 'missing-at'
  | 'bad-local-part'
  | 'bad-domain'
  | 'too-long'
  | 'unbalanced'
  | string;

/** What the reply helpers read of the original message. */
export interface OriginalHeaders {
  readonly from: readonly MailAddress[];
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly subject: string;
  /** Delivered-To / X-Original-To, when the server kept them. */
  readonly deliveredTo: readonly string[];
}

const encoder = new TextEncoder();

export function newMessageId(domain: string): string {
  const random = crypto.getRandomValues(new Uint8Array(12));
  const id = [...random].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `<${Date.now().toString(36)}.${id}@${domain || 'localhost'}>`;
}

export function validateAddress(address: string): AddressProblem | null {
  const trimmed = address.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.length > 254) return 'too-long';
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return 'missing-at';
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  if (local === '' || local.length > 64 || /[\s<>(),;:"[\]\\]/u.test(local) || /^\.|\.$|\.\./.test(local))
    return 'bad-local-part';
  if (!/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(domain) || /(^|\.)-|-(\.|$)/.test(domain))
    return 'bad-domain';
  return null;
}

export function parseAddressList(text: string): {
  addresses: MailAddress[];
  invalid: { text: string; reason: AddressProblem }[];
} {
  const addresses: MailAddress[] = [];
  const invalid: { text: string; reason: AddressProblem }[] = [];
  for (const piece of splitList(text)) {
    const trimmed = piece.trim().replace(/^mailto:/i, '');
    if (trimmed === '') continue;
    const angle = /^(.*)<([^<>]*)>\s*$/su.exec(trimmed);
    const name = angle ? unquote((angle[1] ?? '').trim()) : '';
    const address = (angle ? (angle[2] ?? '') : trimmed).trim();
    const reason = validateAddress(address);
    if (reason !== null) invalid.push({ text: trimmed, reason });
    else addresses.push(name ? { name, address } : { address });
  }
  return { addresses, invalid };
}

function unquote(name: string): string {
  return name.startsWith('"') && name.endsWith('"') && name.length > 1
    ? name.slice(1, -1).replace(/\\(.)/g, '$1')
    : name;
}

function splitList(text: string): string[] {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') angle = true;
    else if (!quoted && char === '>') angle = false;
    if (!quoted && !angle && (char === ',' || char === ';' || char === '\n')) {
      pieces.push(current);
      current = '';
    } else current += char;
  }
  pieces.push(current);
  return pieces;
}

export function needsSmtpUtf8(addresses: readonly MailAddress[]): boolean {
  return addresses.some((a) => /[^\x00-\x7f]/.test(a.address.slice(0, a.address.lastIndexOf('@'))));
}

export function envelopeAddress(address: string, smtputf8: boolean): string {
  if (smtputf8) return address;
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  if (/[^\x00-\x7f]/.test(local)) throw new Error(`${address} needs SMTPUTF8`);
  return `${local}@${new URL(`http://${address.slice(at + 1)}`).hostname}`;
}

const PREFIX = /^\s*((re|aw|sv|fwd?|ответ|回复|答复)(\[\d+\])?\s*[:：]\s*)+/iu;

export function replySubject(subject: string): string {
  return `Re: ${subject.replace(PREFIX, '')}`;
}

export function forwardSubject(subject: string): string {
  return `Fwd: ${subject.replace(PREFIX, '')}`;
}

export function referencesFor(original: OriginalHeaders): { inReplyTo?: string; references: string[] } {
  if (original.messageId === null) return { references: [...original.references] };
  const base =
    original.references.length > 0
      ? original.references
      : original.inReplyTo
        ? [original.inReplyTo]
        : [];
  return { inReplyTo: original.messageId, references: [...base, original.messageId] };
}

export function replyRecipients(
  original: OriginalHeaders,
  myAddresses: readonly string[],
  mode: 'reply' | 'all',
): { to: MailAddress[]; cc: MailAddress[] } {
  const mine = new Set(myAddresses.map((a) => a.toLowerCase()));
  const seen = new Set<string>();
  const keep = (list: readonly MailAddress[]): MailAddress[] =>
    list.filter((a) => {
      const key = a.address.toLowerCase();
      if (a.address === '' || mine.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const primary = original.replyTo.length > 0 ? original.replyTo : original.from;
  const fromMe = primary.every((a) => mine.has(a.address.toLowerCase()));
  const to = fromMe && mode === 'all' ? keep(original.to) : keep(primary);
  if (mode === 'reply') return { to: to.length > 0 ? to : [...primary], cc: [] };
  const cc = keep(fromMe ? original.cc : [...original.to, ...original.cc]);
  return { to, cc };
}

export function pickIdentity<T extends { readonly address: string }>(
  original: OriginalHeaders,
  identities: readonly T[],
): T | null {
  const wanted = [...original.deliveredTo, ...original.to.map((a) => a.address), ...original.cc.map((a) => a.address)];
  for (const address of wanted) {
    const found = identities.find((i) => i.address.toLowerCase() === address.toLowerCase());
    if (found) return found;
  }
  return null;
}

export function quotePlainText(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : line === '' ? '>' : `> ${line}`))
    .join('\n');
}

// --- a minimal builder: base64 bodies, RFC 2047 B words, RFC 2231 file names ----------------------------

function encodedWord(text: string): string {
  if (!/[^\x20-\x7e]/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (encoder.encode(chunk + char).length > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${base64(encoder.encode(word))}?=`).join('\r\n ');
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64Lines(bytes: Uint8Array): string {
  return (base64(bytes).match(/.{1,76}/g) ?? []).join('\r\n');
}

function mailbox(address: MailAddress, utf8: boolean): string {
  if (!address.name) return address.address;
  const name = utf8 || !/[^\x20-\x7e]/.test(address.name)
    ? `"${address.name.replace(/[\\"]/g, '\\$&')}"`
    : encodedWord(address.name);
  return `${name} <${address.address}>`;
}

function dateHeader(date: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return `${days[date.getDay()]}, ${date.getDate()} ${months[date.getMonth()]} ${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`;
}

function leaf(contentType: string, bytes: Uint8Array, extra: string[] = []): string {
  return [`Content-Type: ${contentType}`, 'Content-Transfer-Encoding: base64', ...extra, '', base64Lines(bytes)].join(
    '\r\n',
  );
}

function multipart(subtype: string, parts: string[]): string {
  const boundary = `=_${base64(crypto.getRandomValues(new Uint8Array(18))).replace(/[+/=]/g, 'x')}`;
  return [
    `Content-Type: multipart/${subtype}; boundary="${boundary}"`,
    '',
    ...parts.map((part) => `--${boundary}\r\n${part}`),
    `--${boundary}--`,
  ].join('\r\n');
}

function attachmentPart(attachment: OutgoingAttachment): string {
  const name = encodeURIComponent(attachment.filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  const disposition = attachment.contentId
    ? `Content-Disposition: inline; filename*=utf-8''${name}`
    : `Content-Disposition: attachment; filename*=utf-8''${name}`;
  const extra = [disposition];
  if (attachment.contentId) extra.push(`Content-ID: <${attachment.contentId}>`);
  if (attachment.contentType.toLowerCase() === 'message/rfc822') {
    return [`Content-Type: message/rfc822`, 'Content-Transfer-Encoding: 8bit', disposition, '', new TextDecoder().decode(attachment.content)].join('\r\n');
  }
  return leaf(`${attachment.contentType}; name="${encodedWord(attachment.filename)}"`, attachment.content, extra);
}

export function buildMessage(
  message: OutgoingMessage,
  options: { bcc: 'keep' | 'omit'; utf8Headers?: boolean },
): BuiltMessage {
  const utf8 = options.utf8Headers === true;
  const list = (addresses: readonly MailAddress[]) => addresses.map((a) => mailbox(a, utf8)).join(',\r\n ');
  const headers = [
    `From: ${mailbox(message.from, utf8)}`,
    `Date: ${dateHeader(message.date)}`,
    `Message-ID: ${message.messageId}`,
    `Subject: ${utf8 ? message.subject : encodedWord(message.subject)}`,
  ];
  if (message.to.length > 0) headers.push(`To: ${list(message.to)}`);
  if (message.cc.length > 0) headers.push(`Cc: ${list(message.cc)}`);
  if (options.bcc === 'keep' && message.bcc.length > 0) headers.push(`Bcc: ${list(message.bcc)}`);
  if (message.replyTo && message.replyTo.length > 0) headers.push(`Reply-To: ${list(message.replyTo)}`);
  if (message.inReplyTo) headers.push(`In-Reply-To: ${message.inReplyTo}`);
  if (message.references && message.references.length > 0)
    headers.push(`References: ${message.references.join('\r\n ')}`);
  for (const [name, value] of message.extraHeaders ?? []) headers.push(`${name}: ${value}`);
  headers.push('MIME-Version: 1.0');
  const text = leaf('text/plain; charset=utf-8', encoder.encode(message.text.replace(/\r?\n/g, '\r\n')));
  const inline = message.attachments.filter((a) => a.contentId);
  const attached = message.attachments.filter((a) => !a.contentId);
  let body = text;
  if (message.html !== undefined) {
    let html = leaf('text/html; charset=utf-8', encoder.encode(message.html));
    if (inline.length > 0) html = multipart('related', [html, ...inline.map(attachmentPart)]);
    body = multipart('alternative', [text, html]);
  }
  if (attached.length > 0) body = multipart('mixed', [body, ...attached.map(attachmentPart)]);
  const bytes = encoder.encode(`${headers.join('\r\n')}\r\n${body}\r\n`);
  return { bytes, eightBit: bytes.some((b) => b > 0x7f) && !utf8 };
}
