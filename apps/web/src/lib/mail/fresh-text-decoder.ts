// Chromium's TextDecoder keeps ISO-2022-JP state across decode() calls that are not streamed: after decoding
// one string that ends in ESC ( B, the next one starting with ESC $ B begins with U+FFFD (the Encoding
// Standard's "two escape sequences in a row" error), although a non-streamed decode() must start afresh.
// postal-mime caches one decoder per charset, so every ISO-2022-JP header after the first (Subject after From)
// was damaged. Installed in the parser worker only: stateful encodings get a fresh native decoder per call.

const STATEFUL = new Set(['iso-2022-jp']);

export function installFreshStatefulDecoders(scope: { TextDecoder: typeof TextDecoder }): void {
  const Native = scope.TextDecoder;
  class FreshStatefulTextDecoder extends Native {
    readonly #label: string;
    readonly #options: TextDecoderOptions;
    #streaming = false;

    constructor(label = 'utf-8', options: TextDecoderOptions = {}) {
      super(label, options);
      this.#label = label;
      this.#options = options;
    }

    override decode(input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
      if (!STATEFUL.has(this.encoding) || this.#streaming || options?.stream) {
        this.#streaming = options?.stream === true;
        return super.decode(input, options);
      }
      return new Native(this.#label, this.#options).decode(input);
    }
  }
  scope.TextDecoder = FreshStatefulTextDecoder;
}
