// Whether the app keeps a mirror of the mail on this device (the setting "Keep mail on this device", on by
// default). Turned off, it is written to localStorage (`webmail.mirror` = 'off'): a preference of the device,
// not of the account, so it outlives sign-out, and it holds nothing of the mail.

export const MIRROR_STORAGE_KEY = 'webmail.mirror';

export class MirrorSetting {
  #enabled = $state(true);
  readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = browserStorage()) {
    this.#storage = storage;
    try {
      this.#enabled = storage?.getItem(MIRROR_STORAGE_KEY) !== 'off';
    } catch {
      this.#enabled = true;
    }
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  set(enabled: boolean): void {
    this.#enabled = enabled;
    try {
      if (enabled) this.#storage?.removeItem(MIRROR_STORAGE_KEY);
      else this.#storage?.setItem(MIRROR_STORAGE_KEY, 'off');
    } catch {
      // Storage refused: the choice holds for this tab.
    }
  }
}

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
