// What can go wrong keeping a session or the mirror on this device, as stable codes. None of them is shown as
// a failure to the user: each means "this device does not remember you", and the app asks for the password.
//
//   VAULT_UNAVAILABLE  the browser offers no IndexedDB or WebCrypto here (storage blocked, an old browser)
//   VAULT_UNREADABLE   a sealed value does not open: another key (signed out meanwhile), altered or cut bytes,
//                      or, for the mirror's secret, a password that is not the one it was wrapped with
//   VAULT_GONE         there is no device database, and only a sign-in makes one (signed out in some tab)
//   VAULT_EXPIRED      a "keep me signed in" session older than REMEMBER_DEVICE_MS

export type VaultErrorCode = 'VAULT_UNAVAILABLE' | 'VAULT_GONE' | 'VAULT_UNREADABLE' | 'VAULT_EXPIRED';

export class VaultError extends Error {
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VaultError';
    this.code = code;
  }
}
