// The seam to the reading pane, which another part of the app owns (reader.svelte.ts with class MessageReader,
// components/reader/ReaderPane.svelte). The shell renders <ReaderPane reader={reader} />, calls
// reader.open(ref) when a row is opened and reader.clear() when nothing is. Both modules come in with a dynamic
// import after sign-in (separate chunks), so the sanitizer and the MIME parser are not loaded before it.

import type { MailClient } from './mail-client.ts';
import type { Component } from 'svelte';
import type { ComposeRequest } from './compose/desk.svelte.ts';
import type { MessageReader } from './reader.svelte.ts';

export interface ReaderBundle {
  readonly reader: MessageReader;
  readonly ReaderPane: Component<{
    reader: MessageReader;
    onCompose?: ((request: ComposeRequest) => void) | undefined;
  }>;
}

/** The reader for this connection, with its pane component. */
export async function loadReader(client: MailClient): Promise<ReaderBundle> {
  const [{ MessageReader }, pane] = await Promise.all([
    import('./reader.svelte.ts'),
    import('../../components/reader/ReaderPane.svelte'),
  ]);
  return { reader: new MessageReader(client), ReaderPane: pane.default };
}
