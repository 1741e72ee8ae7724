// namespace-response = "NAMESPACE" SP namespace SP namespace SP namespace   (RFC 2342 5, RFC 9051 7.3.5)
// namespace = nil / "(" 1*namespace-descr ")"
// namespace-descr = "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil) [namespace-response-extensions] ")"
// namespace-response-extensions = *(SP string SP "(" string *(SP string) ")")   -- skipped

import type { Namespace } from '../response.ts';
import type { ParseOptions } from '../response.ts';
import { OPEN_PAREN, SP, StringForm, type Reader } from '../reader.ts';
import { decodeMailbox } from './mailbox-name.ts';

export interface NamespaceData {
  readonly personal: readonly Namespace[] | null;
  readonly other: readonly Namespace[] | null;
  readonly shared: readonly Namespace[] | null;
}

export function readNamespaceResponse(reader: Reader, options: ParseOptions | undefined): NamespaceData {
  reader.sp();
  const personal = readNamespace(reader, options);
  reader.sp();
  const other = readNamespace(reader, options);
  reader.sp();
  const shared = readNamespace(reader, options);
  return { personal, other, shared };
}

function readNamespace(reader: Reader, options: ParseOptions | undefined): Namespace[] | null {
  if (reader.nil()) return null;
  reader.open("'(' of namespace");
  const list: Namespace[] = [];
  do {
    reader.open("'(' of namespace-descr");
    // The prefix is a mailbox name prefix, encoded like mailbox names.
    const prefix = decodeMailbox(reader.string('namespace prefix'), options).name;
    reader.sp();
    const form = reader.stringToken('namespace delimiter', true);
    const delimiter = form === StringForm.Nil ? null : reader.spanString(form);
    while (reader.accept(SP)) {
      reader.string('namespace-response-extension name');
      reader.sp();
      reader.skipValue('namespace-response-extension values');
    }
    reader.close("')' of namespace-descr");
    list.push({ prefix, delimiter });
    reader.accept(SP); // RFC 2342 has no SP between descriptors, some servers send one
  } while (reader.peek() === OPEN_PAREN);
  reader.close("')' of namespace");
  return list;
}
