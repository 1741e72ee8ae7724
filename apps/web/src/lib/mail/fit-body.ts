// Runs in the parser worker after the parse: each HTML part of the body is measured (html-fit.ts), in order,
// against what is left of the message's budget; a part that does not fit is replaced by its text, so its HTML
// never reaches the app's main thread. parse5 is loaded only for a message that has HTML.

import type { BodyPart } from './body-parts.ts';

/** The body with every HTML part either measured fit or turned into text. */
export async function fitBody(parts: readonly BodyPart[]): Promise<BodyPart[]> {
  if (!parts.some((part) => part.kind === 'html')) return [...parts];
  const [{ measureHtml, SANITIZE_BUDGET_MS }, { htmlText }] = await Promise.all([
    import('./html-fit.ts'),
    import('./html-text.ts'),
  ]);
  let budgetMs = SANITIZE_BUDGET_MS;
  return parts.map((part): BodyPart => {
    if (part.kind !== 'html') return part;
    const fit = measureHtml(part.html, budgetMs);
    if (fit.fits) {
      budgetMs -= fit.estimateMs;
      return part;
    }
    return {
      kind: 'html-as-text',
      text: part.alternative ?? htmlText(part.html),
      fromAlternative: part.alternative !== null,
      reason: fit.reason,
      count: fit.count,
    };
  });
}
