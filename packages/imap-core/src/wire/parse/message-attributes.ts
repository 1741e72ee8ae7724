// The object a FETCH response's msg-att is parsed into, and why its `bodyStructure` is decoded on first read.
//
// A message listing keeps every FETCH summary for the life of the mailbox view (100,000 of them for a big
// folder), while the UI reads the body structure of the few messages it shows. Decoded, a typical body
// structure is about 700 bytes of objects (a part object per MIME part, parameter maps, the children array);
// its wire bytes, kept as a one-byte string, are about 320. So the FETCH parser still reads the BODYSTRUCTURE
// in full when the response arrives (a malformed one is a protocol error then, never later in the UI), but it
// keeps the bytes, and `bodyStructure` is an own, enumerable accessor that decodes them on first read and
// keeps the result. Spread, Object.keys, JSON.stringify, structuredClone (postMessage) and test matchers all
// read own enumerable accessors, so callers see ordinary data: the `BodyStructure` contract (types.ts) is
// unchanged. The getter and setter are shared functions and the property never changes kind, so every
// instance keeps one hidden class and one accessor pair instead of carrying closures.

import type { BodyStructure } from '../../types.ts';
import { Reader } from '../reader.ts';
import { binaryString, binaryStringBytes } from '../strings.ts';
import { readBodyStructure } from './body-structure.ts';

/**
 * Instances of a class rather than `{}` literals: V8 sizes a class's instances to the properties they end up with
 * (slack tracking), so the six usual items sit inside the object instead of in a separate property array.
 */
export class MessageAttributes {
  /** The BODYSTRUCTURE / BODY value: its bytes, one char per byte, until first read; then the decoded value. */
  #bodyStructure: string | BodyStructure | undefined = undefined;

  static keepBodyStructureSource(attributes: MessageAttributes, source: string): void {
    attributes.#bodyStructure = source;
    Object.defineProperty(attributes, 'bodyStructure', LAZY_BODY_STRUCTURE);
  }

  static bodyStructureOf(attributes: MessageAttributes): BodyStructure | undefined {
    const value = attributes.#bodyStructure;
    if (typeof value !== 'string') return value;
    const body = decodeBodyStructure(value);
    attributes.#bodyStructure = body;
    return body;
  }

  static replaceBodyStructure(attributes: MessageAttributes, value: BodyStructure | undefined): void {
    attributes.#bodyStructure = value;
  }
}

/** Reads a body (positioned on its "("), validating it fully, and keeps its bytes for decoding on demand. */
export function readLazyBodyStructure(attributes: MessageAttributes, reader: Reader): void {
  const start = reader.pos;
  readBodyStructure(reader);
  MessageAttributes.keepBodyStructureSource(attributes, binaryString(reader.bytes, start, reader.pos));
}

function decodeBodyStructure(source: string): BodyStructure {
  // These bytes were read without error once, by the same grammar, so reading them again cannot fail.
  const reader = new Reader(binaryStringBytes(source + '\r\n'));
  const body = readBodyStructure(reader);
  reader.finish('end of BODYSTRUCTURE');
  return body;
}

const LAZY_BODY_STRUCTURE: PropertyDescriptor = Object.freeze({
  enumerable: true,
  configurable: true,
  get: function decodeOnFirstRead(this: MessageAttributes): BodyStructure | undefined {
    return MessageAttributes.bodyStructureOf(this);
  },
  set: function replaceBodyStructure(this: MessageAttributes, value: BodyStructure | undefined): void {
    MessageAttributes.replaceBodyStructure(this, value);
  },
});
