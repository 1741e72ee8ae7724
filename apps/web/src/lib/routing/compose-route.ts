// The compose part of an address (route.ts) and the composers open on the desk, matched both ways. A composer's
// address is its copy in Drafts once it has one (a reload continues that copy by UID, checked against
// UIDVALIDITY, and never saves a second one); before its first save, what it was started from: a new message,
// or the reply or forward of a message, which a reload starts again.

import type { ComposeRequest, Composition } from '../state/compose/desk.svelte.ts';
import type { RouteCompose } from './route.ts';

export function composeRouteOf(composition: Composition): RouteCompose {
  const saved = composition.saver.saved;
  if (saved) return { kind: 'draft', ...saved };
  const { mode, origin } = composition.draft;
  if (origin && mode !== 'new' && mode !== 'draft') return { kind: mode, ...origin.message };
  return { kind: 'new' };
}

/**
 * The open composer an address names: the one with that draft in Drafts now or before (the address may have
 * been written before its last save), or one not saved yet started the same way (the latest).
 */
export function findComposition(
  compositions: readonly Composition[],
  route: RouteCompose,
): Composition | undefined {
  if (route.kind === 'draft') return compositions.find((c) => c.saver.wasSaved(route));
  return [...compositions]
    .reverse()
    .find((c) => c.saver.saved === null && sameCompose(composeRouteOf(c), route));
}

export function composeRequestOf(route: RouteCompose): ComposeRequest {
  if (route.kind === 'new') return { kind: 'new' };
  const { mailbox, uidValidity, uid } = route;
  return { kind: route.kind, message: { mailbox, uidValidity, uid } };
}

export function sameCompose(a: RouteCompose | null, b: RouteCompose | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'new' || b.kind === 'new') return a.kind === b.kind;
  return a.kind === b.kind && a.mailbox === b.mailbox && a.uidValidity === b.uidValidity && a.uid === b.uid;
}
