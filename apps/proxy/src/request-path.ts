/** The path of a request target (`/imap/x?y` → `/imap/x`): what routing looks at, never the query. */
export function requestPath(url: string | undefined): string {
  return (url ?? '/').split('?', 1)[0] ?? '/';
}
