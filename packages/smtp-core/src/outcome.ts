// A settle-once result whose Promise is created only when someone asks for it (as in imap-core). A pipelined
// RCPT whose MAIL was refused, or a command nobody awaits, settles without an unhandled rejection.

type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export class Outcome<R> {
  #settled: Settled<R> | null = null;
  #promise: Promise<R> | null = null;
  #resolve: ((value: R) => void) | null = null;
  #reject: ((error: unknown) => void) | null = null;

  get result(): Promise<R> {
    if (this.#promise === null) {
      const settled = this.#settled;
      if (settled !== null) {
        this.#promise = settled.ok ? Promise.resolve(settled.value) : Promise.reject(settled.error);
      } else {
        this.#promise = new Promise<R>((resolve, reject) => {
          this.#resolve = resolve;
          this.#reject = reject;
        });
      }
    }
    return this.#promise;
  }

  get isSettled(): boolean {
    return this.#settled !== null;
  }

  resolve(value: R): void {
    if (this.#settled !== null) return;
    this.#settled = { ok: true, value };
    this.#resolve?.(value);
  }

  reject(error: unknown): void {
    if (this.#settled !== null) return;
    this.#settled = { ok: false, error };
    this.#reject?.(error);
  }
}
