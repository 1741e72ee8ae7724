// Response codes in their own file: errors carry them, and responses carry errors.

import type { Flag, NumberRange } from '../types.ts';

/** resp-text-code (RFC 9051 7.1) and the extensions' codes. Unknown codes are kept, never fatal. */
export type ResponseCode =
  | { readonly name: SimpleCodeName }
  | { readonly name: 'CAPABILITY'; readonly capabilities: readonly string[] }
  | { readonly name: 'PERMANENTFLAGS'; readonly flags: readonly Flag[] }
  | { readonly name: 'UIDNEXT' | 'UIDVALIDITY' | 'UNSEEN'; readonly value: number }
  | { readonly name: 'HIGHESTMODSEQ'; readonly value: bigint }
  | { readonly name: 'BADCHARSET'; readonly charsets: readonly string[] }
  | { readonly name: 'APPENDUID'; readonly uidValidity: number; readonly uids: readonly NumberRange[] }
  | {
      readonly name: 'COPYUID';
      readonly uidValidity: number;
      readonly source: readonly NumberRange[];
      readonly destination: readonly NumberRange[];
    }
  | { readonly name: 'MODIFIED'; readonly set: readonly NumberRange[] }
  /** Any code not listed above: its atom and the raw text after it (up to ']'), if any. */
  | { readonly name: 'OTHER'; readonly atom: string; readonly raw: string | null };

export type SimpleCodeName =
  | 'ALERT'
  | 'ALREADYEXISTS'
  | 'AUTHENTICATIONFAILED'
  | 'AUTHORIZATIONFAILED'
  | 'CANNOT'
  | 'CLIENTBUG'
  | 'CLOSED'
  | 'CONTACTADMIN'
  | 'CORRUPTION'
  | 'EXPIRED'
  | 'EXPUNGEISSUED'
  | 'HASCHILDREN'
  | 'INUSE'
  | 'LIMIT'
  | 'NOMODSEQ'
  | 'NONEXISTENT'
  | 'NOPERM'
  | 'OVERQUOTA'
  | 'PARSE'
  | 'PRIVACYREQUIRED'
  | 'READ-ONLY'
  | 'READ-WRITE'
  | 'SERVERBUG'
  | 'TRYCREATE'
  | 'UIDNOTSTICKY'
  | 'UNAVAILABLE'
  | 'UNKNOWN-CTE'
  /** RFC 6154 6: CREATE (USE ...) named a special use the server cannot give that mailbox. */
  | 'USEATTR';
