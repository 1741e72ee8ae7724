// body = "(" (body-type-1part / body-type-mpart) ")"                        (RFC 9051 7.5.2, 9)
// body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
// body-type-basic = media-basic SP body-fields
// body-type-msg   = media-message SP body-fields SP envelope SP body SP body-fld-lines
// body-type-text  = media-text SP body-fields SP body-fld-lines
// body-fields     = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
// body-ext-1part  = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
// body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
// body-ext-mpart  = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
//
// Part numbers follow RFC 9051 6.4.5: the children of a multipart are 1, 2, ...; an encapsulated message's body
// is numbered under the message part (2.1, 2.2 if multipart, 2.1 if not); a non-multipart message has part 1.
// Nesting is bounded by the reader's depth count (each body, envelope and list is one level).

import type { BodyPartMultipart, BodyStructure, Envelope } from '../../types.ts';
import { OPEN_PAREN, SP, type Reader } from '../reader.ts';
import { readBodyParams, readDisposition, readLanguage } from './body-params.ts';
import { readEnvelope } from './envelope.ts';
import { exactCopy } from './span-cache.ts';

/** BODYSTRUCTURE / BODY value, positioned on its "(". */
export function readBodyStructure(reader: Reader): BodyStructure {
  return readBody(reader, '', true);
}

/**
 * `part` is the number this body occupies; `isMessageRoot` is true for a message's top-level body (the whole
 * message, or the body of a message/rfc822 part), whose single part is numbered `part`.1.
 */
function readBody(reader: Reader, part: string, isMessageRoot: boolean): BodyStructure {
  reader.open("'(' of body");
  const body =
    reader.peek() === OPEN_PAREN
      ? readMultipart(reader, part)
      : readSinglePart(reader, isMessageRoot ? childPart(part, 1) : part);
  reader.close("')' of body");
  return body;
}

function readMultipart(reader: Reader, part: string): BodyPartMultipart {
  const children: BodyStructure[] = [];
  do {
    children.push(readBody(reader, childPart(part, children.length + 1), false));
    reader.accept(SP); // RFC 9051 has no SP between the parts; a few servers send one
  } while (reader.peek() === OPEN_PAREN);
  if (reader.bytes[reader.pos - 1] !== SP) reader.sp('SP before media-subtype');
  const parts = exactCopy(children);
  const subtype = reader.stringLowerCase('media-subtype');
  if (!reader.accept(SP)) return { kind: 'multipart', type: 'multipart', subtype, part, children: parts };
  // body-ext-mpart
  const params = readBodyParams(reader);
  if (!reader.accept(SP))
    return { kind: 'multipart', type: 'multipart', subtype, part, children: parts, params };
  const disposition = readDisposition(reader);
  if (!reader.accept(SP)) {
    return { kind: 'multipart', type: 'multipart', subtype, part, children: parts, params, disposition };
  }
  const language = readLanguage(reader);
  if (!reader.accept(SP)) {
    return {
      kind: 'multipart',
      type: 'multipart',
      subtype,
      part,
      children: parts,
      params,
      disposition,
      language,
    };
  }
  const location = reader.nstring('body-fld-loc');
  skipBodyExtensions(reader);
  return {
    kind: 'multipart',
    type: 'multipart',
    subtype,
    part,
    children: parts,
    params,
    disposition,
    language,
    location,
  };
}

function readSinglePart(reader: Reader, part: string): BodyStructure {
  const type = reader.stringLowerCase('media type');
  reader.sp();
  const subtype = reader.stringLowerCase('media-subtype');
  reader.sp();
  const params = readBodyParams(reader);
  reader.sp();
  const id = reader.nstring('body-fld-id');
  reader.sp();
  const description = reader.nstring('body-fld-desc');
  reader.sp();
  // body-fld-enc is a string; a NIL from a broken server means the RFC 2045 6.1 default, 7bit.
  const encoding = reader.nil() ? '7bit' : reader.stringLowerCase('body-fld-enc');
  reader.sp();
  const size = reader.number('body-fld-octets');

  let kind: 'basic' | 'text' | 'message' = 'basic';
  let envelope: Envelope | undefined;
  let body: BodyStructure | undefined;
  let lines = 0;
  if (type === 'text') {
    kind = 'text';
    reader.sp();
    lines = reader.number64AsNumber('body-fld-lines');
  } else if (
    type === 'message' &&
    (subtype === 'rfc822' || subtype === 'global') &&
    reader.peek() === SP &&
    reader.bytes[reader.pos + 1] === OPEN_PAREN
  ) {
    // media-message (RFC 9051 adds message/global). Checking for "(" keeps a server that sends message/rfc822
    // without the envelope (a basic part, as some do for unparsable attachments) readable.
    kind = 'message';
    reader.sp();
    envelope = readEnvelope(reader);
    reader.sp();
    body = readBody(reader, part, true);
    reader.sp();
    lines = reader.number64AsNumber('body-fld-lines');
  }

  if (!reader.accept(SP)) {
    // No extension data (a BODY response, or a terse server).
    if (kind === 'text') return { kind, type, subtype, part, params, id, description, encoding, size, lines };
    if (kind === 'message') {
      return {
        kind,
        type,
        subtype,
        part,
        params,
        id,
        description,
        encoding,
        size,
        envelope: envelope as Envelope,
        body: body as BodyStructure,
        lines,
      };
    }
    return { kind, type, subtype, part, params, id, description, encoding, size };
  }
  // body-ext-1part: each field present only if the server sent it (NIL included).
  const md5 = reader.nstring('body-fld-md5');
  let disposition: ReturnType<typeof readDisposition> | undefined;
  let language: readonly string[] | null | undefined;
  let location: string | null | undefined;
  if (reader.accept(SP)) {
    disposition = readDisposition(reader);
    if (reader.accept(SP)) {
      language = readLanguage(reader);
      if (reader.accept(SP)) {
        location = reader.nstring('body-fld-loc');
        skipBodyExtensions(reader);
      }
    }
  }
  // The common case from Dovecot, Cyrus and Gmail: all four fields sent. One object shape for it.
  if (location !== undefined && language !== undefined && disposition !== undefined) {
    if (kind === 'text') {
      return {
        kind,
        type,
        subtype,
        part,
        params,
        id,
        description,
        encoding,
        size,
        lines,
        md5,
        disposition,
        language,
        location,
      };
    }
    if (kind === 'basic') {
      return {
        kind,
        type,
        subtype,
        part,
        params,
        id,
        description,
        encoding,
        size,
        md5,
        disposition,
        language,
        location,
      };
    }
  }
  const result: Record<string, unknown> = {
    kind,
    type,
    subtype,
    part,
    params,
    id,
    description,
    encoding,
    size,
  };
  if (kind === 'message') {
    result['envelope'] = envelope;
    result['body'] = body;
  }
  if (kind !== 'basic') result['lines'] = lines;
  result['md5'] = md5;
  if (disposition !== undefined) result['disposition'] = disposition;
  if (language !== undefined) result['language'] = language;
  if (location !== undefined) result['location'] = location;
  return result as unknown as BodyStructure;
}

/** *(SP body-extension): future extension data, skipped (depth-limited). */
function skipBodyExtensions(reader: Reader): void {
  while (reader.accept(SP)) reader.skipValue('body-extension');
}

// Part numbers are few and recur in every message: cached per parent ("", "1", "2.1", ...).
const MAX_CACHED_CHILD = 64;
const childParts = new Map<string, string[]>();

function childPart(parent: string, index: number): string {
  if (index > MAX_CACHED_CHILD) return parent === '' ? String(index) : `${parent}.${index}`;
  let children = childParts.get(parent);
  if (children === undefined) {
    children = [];
    if (childParts.size < 4096) childParts.set(parent, children);
  }
  let name = children[index];
  if (name === undefined) {
    name = parent === '' ? String(index) : `${parent}.${index}`;
    children[index] = name;
  }
  return name;
}
