// A ListSnapshot as bytes, and back. The order of a 100,000-message folder is 400 KB of UIDs: it is kept as the
// raw bytes of its Uint32Array (little-endian, as every browser's typed arrays are) after a JSON header with the
// rest, not as JSON numbers (about 700 KB and slower to read):
//
//   u32 header length | header (UTF-8 JSON) | order (u32 each)
//
// Reading checks every field and refuses (null) anything that is not what writing made; the list is then
// opened from the server as if nothing had been kept.

import type { ListSnapshot } from '../state/message-list/list-snapshot.ts';
import type { FolderRole } from '../state/folder-model.ts';
import { keepRow, keptRowToRow } from './row-codec.ts';
import type { KeptRow } from './row-codec.ts';
import type { MessageRow } from '../state/message-list/message-row.ts';

interface ListHeader {
  readonly v: 1;
  readonly path: string;
  readonly role: FolderRole | null;
  readonly uidValidity: number;
  readonly uidNext: number;
  readonly highestModseq: string | null;
  readonly keywords: { readonly flags: readonly string[]; readonly permanentFlags: readonly string[] | null };
  readonly rows: readonly KeptRow[];
}

const ROLES: ReadonlySet<string> = new Set(['inbox', 'drafts', 'sent', 'junk', 'trash', 'archive']);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeList(snapshot: ListSnapshot): Uint8Array<ArrayBuffer> {
  const header: ListHeader = {
    v: 1,
    path: snapshot.path,
    role: snapshot.role,
    uidValidity: snapshot.uidValidity,
    uidNext: snapshot.uidNext,
    highestModseq: snapshot.highestModseq === null ? null : snapshot.highestModseq.toString(),
    keywords: { flags: snapshot.keywords.flags, permanentFlags: snapshot.keywords.permanentFlags },
    rows: snapshot.rows.map(keepRow),
  };
  const json = encoder.encode(JSON.stringify(header));
  const order = new Uint8Array(snapshot.order.buffer, snapshot.order.byteOffset, snapshot.order.byteLength);
  const bytes = new Uint8Array(4 + json.length + order.length);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  bytes.set(order, 4 + json.length);
  return bytes;
}

export function decodeList(bytes: Uint8Array): ListSnapshot | null {
  if (bytes.length < 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  if (4 + length > bytes.length || (bytes.length - 4 - length) % 4 !== 0) return null;
  let header: Partial<ListHeader>;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length))) as Partial<ListHeader>;
  } catch {
    return null;
  }
  const { path, role, uidValidity, uidNext, highestModseq, keywords, rows } = header;
  if (
    header.v !== 1 ||
    typeof path !== 'string' ||
    (role !== null && (typeof role !== 'string' || !ROLES.has(role))) ||
    !isUid(uidValidity) ||
    !isUid(uidNext) ||
    (highestModseq !== null && (typeof highestModseq !== 'string' || !/^\d{1,20}$/.test(highestModseq))) ||
    !Array.isArray(keywords?.flags) ||
    !Array.isArray(rows)
  ) {
    return null;
  }
  const order = new Uint32Array(bytes.slice(4 + length).buffer);
  if (order.includes(0)) return null;
  const kept: MessageRow[] = [];
  for (const entry of rows) {
    const row = keptRowToRow(entry);
    if (row) kept.push(row);
  }
  return {
    path,
    role: role ?? null,
    uidValidity,
    uidNext,
    highestModseq: highestModseq === null || highestModseq === undefined ? null : BigInt(highestModseq),
    order,
    rows: kept,
    keywords: {
      flags: keywords.flags.filter((flag) => typeof flag === 'string'),
      permanentFlags: Array.isArray(keywords.permanentFlags)
        ? keywords.permanentFlags.filter((flag) => typeof flag === 'string')
        : null,
    },
  };
}

function isUid(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 0xffff_ffff;
}
