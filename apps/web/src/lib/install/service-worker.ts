// Registers the app's service worker (sw/service-worker.ts, built as sw.js), which keeps the app's own files
// so the app starts offline and can be installed. Once a session has begun: the page before sign-in loads only
// the form, and a visitor who never signs in gets nothing installed. Only in a build (the dev server has no
// sw.js), and where the browser has service workers (not in an insecure context).

let registered = false;

export function registerServiceWorker(): void {
  if (registered || !import.meta.env.PROD || typeof navigator === 'undefined' || !navigator.serviceWorker)
    return;
  registered = true;
  const register = (): void => {
    navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' }).catch(() => {
      // No worker (storage refused, a private window): the app works as before, online only.
      registered = false;
    });
  };
  // After the page has settled: installing fetches the app's files, which must not slow what the user waits for.
  if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 5000 });
  else setTimeout(register, 1000);
}
