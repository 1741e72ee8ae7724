// Waiting for a condition on reactive state: settles at the first moment `predicate` holds (now, or after a
// later change of what it reads). For code that must act once the app is somewhere (a route applied after the
// folder it names has its order).

export function until(predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const stop = $effect.root(() => {
      $effect(() => {
        if (done || !predicate()) return;
        done = true;
        resolve();
        queueMicrotask(() => stop());
      });
    });
  });
}
