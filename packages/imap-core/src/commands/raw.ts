// The escape hatch for commands this package does not model (RFC 9051 6.5 X<atom>, vendor extensions). The
// command line is given as checked syntax (no CR, LF or NUL) or built with the writer, so it still cannot smuggle
// a second command. It is exclusive (its effect on the session is unknown) and collects every untagged response.

import type { ConnectionState } from '../types.ts';
import type { CommandWriter } from '../wire/encoder.ts';
import type { ResponseCode, UntaggedResponse } from '../wire/response.ts';
import type { Command, CommandEffect } from './command.ts';
import { ALL_STATES } from './command.ts';

export interface RawResult {
  readonly code: ResponseCode | null;
  readonly text: string;
  readonly untagged: readonly UntaggedResponse[];
}

export interface RawOptions {
  readonly name?: string;
  readonly states?: readonly ConnectionState[];
  readonly effect?: CommandEffect;
}

export function rawCommand(
  line: string | ((writer: CommandWriter) => void),
  options: RawOptions = {},
): Command<RawResult> {
  const untagged: UntaggedResponse[] = [];
  const name = options.name ?? (typeof line === 'string' ? (line.split(' ')[0] ?? '').toUpperCase() : 'RAW');
  return {
    name,
    states: options.states ?? ALL_STATES,
    exclusive: true,
    // A raw LIST asked for its LIST responses: they are not NOTIFY's unsolicited ones ('mailbox-list').
    ...(name === 'LIST' ? { collects: ['list'] as const } : {}),
    ...(options.effect ? { effect: options.effect } : {}),
    encode(w) {
      if (typeof line === 'string') w.syntax(line);
      else line(w);
    },
    onUntagged: (response) => void untagged.push(response),
    onOk: (response) => ({ code: response.code, text: response.text, untagged }),
  };
}
