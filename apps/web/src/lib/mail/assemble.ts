// Opening a message fetches only what it needs. A message the list knows to be at most WHOLE_MESSAGE_BYTES
// (RFC822.SIZE) is fetched whole, BODY.PEEK[] in the same command as its flags: one round trip, and every part
// of it is under EAGER_PART_BYTES, so the plan below would have fetched all of it anyway. Any other message:
// BODYSTRUCTURE first, then in one FETCH the header, every part's MIME header, and the bodies of the text parts
// and of parts up to EAGER_PART_BYTES. Larger parts (the 5 MB attachment) are fetched by part number when the
// user downloads them. The fetched sections are put back together into one MIME message for postal-mime; a
// part left behind gets a small marker body so that the parsed attachment can be matched to its part number
// (deferredPartOf).
//
// RFC 9051 6.4.5: BODY[n.MIME] is part n's header (with its blank line), BODY[n] its body, BODY[HEADER] and
// BODY[TEXT] the top-level header and body; BODY[n] of a message/rfc822 part is the whole encapsulated message.

import type { BodyStructure, SectionRequest } from '@webmail/imap-core';

/** A message of at most this RFC822.SIZE is fetched whole when it opens (below EAGER_PART_BYTES: see above). */
export const WHOLE_MESSAGE_BYTES = 256 * 1024;
/** Bodies up to this size are fetched when the message opens; bigger ones on demand. */
export const EAGER_PART_BYTES = 512 * 1024;
/** Text bodies (what the reader shows) are fetched up to this size whatever EAGER_PART_BYTES says. */
export const MAX_TEXT_PART_BYTES = 16 * 1024 * 1024;

const CRLF = new Uint8Array([0x0d, 0x0a]);
const encoder = new TextEncoder();
const MARKER_PREFIX = 'WEBMAIL-DEFERRED-PART ';

export interface DeferredPart {
  /** Dotted part number ('' for the body of a single-part message). */
  readonly part: string;
  readonly type: string;
  readonly encoding: string;
  /** Encoded size from BODYSTRUCTURE. */
  readonly encodedSize: number;
}

/** What a message fetched whole leaves on the server: nothing. */
export const NOTHING_DEFERRED: ReadonlyMap<string, DeferredPart> = new Map();

export interface FetchPlan {
  readonly sections: readonly SectionRequest[];
  /** Parts whose bodies are not fetched now, by part number. */
  readonly deferred: ReadonlyMap<string, DeferredPart>;
}

function isTextBody(node: BodyStructure): boolean {
  return (
    node.kind === 'text' &&
    (node.subtype === 'plain' || node.subtype === 'html') &&
    node.disposition?.type.toLowerCase() !== 'attachment'
  );
}

function wanted(node: Exclude<BodyStructure, { kind: 'multipart' }>): boolean {
  return isTextBody(node) ? node.size <= MAX_TEXT_PART_BYTES : node.size <= EAGER_PART_BYTES;
}

/** Which sections to fetch for a message with this structure. */
export function planFetch(structure: BodyStructure): FetchPlan {
  const sections: SectionRequest[] = [{ specifier: 'HEADER' }];
  const deferred = new Map<string, DeferredPart>();
  const defer = (node: Exclude<BodyStructure, { kind: 'multipart' }>, part: string): void => {
    deferred.set(part, {
      part,
      type: `${node.type}/${node.subtype}`,
      encoding: node.encoding,
      encodedSize: node.size,
    });
  };
  if (structure.kind !== 'multipart') {
    if (wanted(structure)) sections.push({ specifier: 'TEXT' });
    else defer(structure, '');
    return { sections, deferred };
  }
  const visit = (node: BodyStructure): void => {
    if (node.kind === 'multipart') {
      if (node.part !== '') sections.push({ part: node.part, specifier: 'MIME' });
      node.children.forEach(visit);
      return;
    }
    sections.push({ part: node.part, specifier: 'MIME' });
    if (wanted(node)) sections.push({ part: node.part });
    else defer(node, node.part);
  };
  visit(structure);
  return { sections, deferred };
}

/** Fetched section data keyed by the section spec as the server echoes it ('HEADER', '1.MIME', '2', 'TEXT'). */
export type SectionData = ReadonlyMap<string, Uint8Array>;

/** The parts one after another in one new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A header block that ends with exactly one blank line. */
function headerBlock(bytes: Uint8Array | undefined): Uint8Array {
  let end = bytes?.length ?? 0;
  while (end > 0 && (bytes![end - 1] === 0x0a || bytes![end - 1] === 0x0d)) end--;
  if (end === 0) return CRLF;
  return concat([bytes!.subarray(0, end), CRLF, CRLF]);
}

function markerBody(part: DeferredPart): Uint8Array {
  const marker = `${MARKER_PREFIX}${part.part}`;
  // The marker must survive the part's transfer decoding unchanged.
  return encoder.encode(part.encoding.toLowerCase() === 'base64' ? btoa(marker) : marker);
}

/** The part number a parsed attachment stands in for, when its content is a deferred-part marker. */
export function deferredPartOf(content: ArrayBuffer): string | null {
  if (content.byteLength > 64) return null;
  const text = new TextDecoder().decode(content);
  return text.startsWith(MARKER_PREFIX) ? text.slice(MARKER_PREFIX.length) : null;
}

/** Decoded size of a deferred part, estimated from its encoded size (base64: 57 bytes per 78-byte line). */
export function estimatedDecodedSize(part: DeferredPart): number {
  return part.encoding.toLowerCase() === 'base64'
    ? Math.floor((part.encodedSize * 57) / 78)
    : part.encodedSize;
}

/** Puts the fetched sections back together into one MIME message. Throws when a needed section is missing. */
export function assembleMessage(structure: BodyStructure, data: SectionData, plan: FetchPlan): Uint8Array {
  const need = (key: string): Uint8Array => {
    const bytes = data.get(key);
    if (bytes === undefined) throw new Error(`the server sent no BODY[${key}]`);
    return bytes;
  };
  const body = (part: string, key: string): Uint8Array => {
    const deferred = plan.deferred.get(part);
    return deferred ? markerBody(deferred) : need(key);
  };
  const header = headerBlock(need('HEADER'));
  if (structure.kind !== 'multipart') return concat([header, body('', 'TEXT')]);

  const pieces: Uint8Array[] = [header];
  const emitChildren = (node: Extract<BodyStructure, { kind: 'multipart' }>): void => {
    const boundary = node.params?.get('boundary');
    if (!boundary) throw new Error(`multipart part ${node.part || '(top)'} has no boundary`);
    const open = encoder.encode(`--${boundary}\r\n`);
    for (const child of node.children) {
      pieces.push(open, headerBlock(need(`${child.part}.MIME`)));
      if (child.kind === 'multipart') emitChildren(child);
      else pieces.push(body(child.part, child.part));
      pieces.push(CRLF);
    }
    pieces.push(encoder.encode(`--${boundary}--\r\n`));
  };
  emitChildren(structure);
  return concat(pieces);
}
