// The MIME parser worker: postal-mime and its helpers never run on the UI thread. One request at a time per
// message; replies carry attachment bytes as transferables (no copy).

import { installFreshStatefulDecoders } from './fresh-text-decoder.ts';
import { decodePartBody, parseMessage } from './parse-message.ts';
import type { ParserReply, ParserRequest } from './parser-protocol.ts';

installFreshStatefulDecoders(self);

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ParserRequest>) => void) | null;
  postMessage(message: ParserReply, transfer: Transferable[]): void;
};

/**
 * The HTML modules (parse5, 43.6 KB gzip) are fetched once the first request is answered, not when the first
 * HTML message comes, and the check is run once on a small newsletter-shaped document so that its code is
 * compiled: the first HTML message then waits only for its own check (its worker time was 50-60 ms, against
 * 15-20 for later ones). Nearly every mailbox has HTML mail; a session that opens none pays the bytes alone.
 */
let htmlModulesLoaded = false;
function loadHtmlModules(): void {
  if (htmlModulesLoaded) return;
  htmlModulesLoaded = true;
  // Nothing to report if this fails: fit-body.ts imports the same modules when an HTML message needs them,
  // and that message's parse reports what goes wrong then.
  void Promise.all([import('./html-fit.ts'), import('./html-text.ts')])
    .then(([{ measureHtml }]) => void measureHtml(WARM_UP_HTML))
    .catch(() => undefined);
}

/** About 14 KB of what newsletters are made of: table rows with inline styles, links, images, paragraphs. */
const WARM_UP_HTML = `<!doctype html><html><head><style>td{padding:8px}</style></head><body><table>${'<tr><td style="padding:16px 24px;color:#333"><h2 style="margin:0"><a href="https://example.org/a?x=1&amp;y=2" style="color:#1a1a2e">A title</a></h2><img src="https://example.org/i.jpg" width="552" height="180" alt=""><p style="margin:8px 0">Some text &mdash; with <b>bold</b> and <i>italic</i>.</p></td></tr>\n'.repeat(50)}</table></body></html>`;

scope.onmessage = function handleParserRequest(event: MessageEvent<ParserRequest>): void {
  const request = event.data;
  void answer(request).then(
    ([reply, transfer]) => {
      scope.postMessage(reply, transfer);
      loadHtmlModules();
    },
    (error: unknown) =>
      scope.postMessage(
        { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) },
        [],
      ),
  );
};

async function answer(request: ParserRequest): Promise<[ParserReply, Transferable[]]> {
  if (request.kind === 'parse') {
    const message = await parseMessage(request.raw, { charset: request.charset });
    return [{ id: request.id, ok: true, kind: 'parse', message }, message.attachments.map((a) => a.content)];
  }
  const content = await decodePartBody(request.body, request.transferEncoding);
  return [{ id: request.id, ok: true, kind: 'part', content }, [content]];
}
