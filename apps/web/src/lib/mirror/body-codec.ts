// A message the reader fetched, as the mirror keeps it so that it opens again without the server (offline, or
// at once): the assembled raw bytes the parser reads and what the first FETCH told (reader-message.ts's
// LoadedMessage without its ref, which the record's name carries). Attachments left on the server are not kept.
//
//   u32 header length | header (UTF-8 JSON) | raw message bytes

import type { DeferredPart } from '../mail/assemble.ts';

export interface KeptBody {
  readonly raw: Uint8Array<ArrayBuffer>;
  readonly internalDate: number | null;
  readonly size: number;
  readonly flags: readonly string[];
  /** Parts the reader left on the server (fetched on demand, not kept). */
  readonly deferred: readonly DeferredPart[];
}

interface BodyHeader {
  readonly v: 1;
  readonly internalDate: number | null;
  readonly size: number;
  readonly flags: readonly string[];
  readonly deferred: readonly DeferredPart[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeBody(body: KeptBody): Uint8Array<ArrayBuffer> {
  const header: BodyHeader = {
    v: 1,
    internalDate: body.internalDate,
    size: body.size,
    flags: body.flags,
    deferred: body.deferred,
  };
  const json = encoder.encode(JSON.stringify(header));
  const bytes = new Uint8Array(4 + json.length + body.raw.length);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  bytes.set(body.raw, 4 + json.length);
  return bytes;
}

export function decodeBody(bytes: Uint8Array): KeptBody | null {
  if (bytes.length < 4) return null;
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + length > bytes.length) return null;
  let header: Partial<BodyHeader>;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length))) as Partial<BodyHeader>;
  } catch {
    return null;
  }
  const { internalDate, size, flags, deferred } = header;
  if (
    header.v !== 1 ||
    (internalDate !== null && typeof internalDate !== 'number') ||
    typeof size !== 'number' ||
    !Array.isArray(flags) ||
    !flags.every((flag) => typeof flag === 'string') ||
    !Array.isArray(deferred) ||
    !deferred.every(isDeferredPart)
  ) {
    return null;
  }
  return { raw: bytes.slice(4 + length), internalDate: internalDate ?? null, size, flags, deferred };
}

function isDeferredPart(value: unknown): value is DeferredPart {
  const part = value as Partial<DeferredPart> | null;
  return (
    typeof part?.part === 'string' &&
    typeof part.type === 'string' &&
    typeof part.encoding === 'string' &&
    typeof part.encodedSize === 'number'
  );
}
