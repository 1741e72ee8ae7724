// A compact, immutable ReadonlyMap for MIME parameters (BodyParams).
//
// Why not a Map: a V8 Map costs about 184 bytes even with one entry (its hash table starts with room for four);
// this class costs about 80, and a 100,000-message listing holds one or two unshared parameter lists per message
// (multipart boundaries, attachment names). Lookups scan a flat [name, value, name, value, ...] array, which for
// the one to three parameters a MIME part has is faster than hashing.
//
// It is a ReadonlyMap, not a Map: `instanceof Map` is false and structuredClone() (postMessage to a worker) keeps
// only the data, not the methods. Convert with `new Map(params)` before sending it across such a boundary.

export class ParamMap implements ReadonlyMap<string, string> {
  readonly #pairs: readonly string[];

  /** `pairs` is [name, value, name, value, ...] with distinct names; the map takes ownership of the array. */
  constructor(pairs: readonly string[]) {
    this.#pairs = pairs;
  }

  get size(): number {
    return this.#pairs.length >> 1;
  }

  get(key: string): string | undefined {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) return pairs[i + 1];
    return undefined;
  }

  has(key: string): boolean {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) return true;
    return false;
  }

  forEach(
    callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void,
    thisArg?: unknown,
  ): void {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2)
      callback.call(thisArg, pairs[i + 1] as string, pairs[i] as string, this);
  }

  *entries(): MapIterator<[string, string]> {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) yield [pairs[i] as string, pairs[i + 1] as string];
  }

  *keys(): MapIterator<string> {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) yield pairs[i] as string;
  }

  *values(): MapIterator<string> {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) yield pairs[i + 1] as string;
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'ParamMap';
  }

  /** JSON.stringify gives the [name, value] pairs (as it would for [...map]) rather than {}. */
  toJSON(): [string, string][] {
    return [...this.entries()];
  }
}

export const NO_PARAMS: ReadonlyMap<string, string> = new ParamMap(Object.freeze([]));
