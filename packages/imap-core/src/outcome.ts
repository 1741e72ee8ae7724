// A settle-once result whose Promise is created only when someone asks for it. The session settles outcomes of
// commands nobody awaits (the transcript analyzer, a fire-and-forget NOOP); a Promise created eagerly would turn
// each of their failures into an unhandled rejection.

type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export class Outcome<R> {
  private settled: Settled<R> | null = null;
  private promise: Promise<R> | null = null;
  private resolveFn: ((value: R) => void) | null = null;
  private rejectFn: ((error: unknown) => void) | null = null;

  get result(): Promise<R> {
    if (this.promise === null) {
      const settled = this.settled;
      if (settled !== null) {
        this.promise = settled.ok ? Promise.resolve(settled.value) : Promise.reject(settled.error);
      } else {
        this.promise = new Promise<R>((resolve, reject) => {
          this.resolveFn = resolve;
          this.rejectFn = reject;
        });
      }
    }
    return this.promise;
  }

  get isSettled(): boolean {
    return this.settled !== null;
  }

  resolve(value: R): void {
    if (this.settled !== null) return;
    this.settled = { ok: true, value };
    this.resolveFn?.(value);
  }

  reject(error: unknown): void {
    if (this.settled !== null) return;
    this.settled = { ok: false, error };
    this.rejectFn?.(error);
  }
}
