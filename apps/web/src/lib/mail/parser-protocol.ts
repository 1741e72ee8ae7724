// Messages between the reader (parser-client.ts) and the parser worker (parse.worker.ts).

import type { ParsedMessage } from './parse-message.ts';

export type ParserRequest =
  | { readonly id: number; readonly kind: 'parse'; readonly raw: Uint8Array; readonly charset: string | null }
  | {
      readonly id: number;
      readonly kind: 'part';
      readonly body: Uint8Array;
      readonly transferEncoding: string;
    };

export type ParserReply =
  | { readonly id: number; readonly ok: true; readonly kind: 'parse'; readonly message: ParsedMessage }
  | { readonly id: number; readonly ok: true; readonly kind: 'part'; readonly content: ArrayBuffer }
  | { readonly id: number; readonly ok: false; readonly error: string };
