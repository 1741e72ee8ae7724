// The mirror's entry, fetched with the signed-in part of the app (session.svelte.ts imports it dynamically):
// nothing of it loads before sign-in or a reload's restore.
export { MirrorSync } from './mirror-sync.svelte.ts';
export type { MirrorSyncOptions } from './mirror-sync.svelte.ts';
export { deleteMirror, openMirrorWithPassword, openMirrorWithSecret } from './open-mirror.ts';
export type { OpenMirrorOptions } from './open-mirror.ts';
export { accountId } from '../vault/mirror-secret.ts';
