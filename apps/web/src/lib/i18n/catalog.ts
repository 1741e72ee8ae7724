// The shape every translation must have. English is the reference: a translation with a key too few or too many
// does not type-check, pane by pane (`satisfies PaneTranslation<typeof enPane>`) and as a whole (`satisfies Catalog`).
import type { MessageKey } from './en/index.ts';

/** A whole catalog: one message for every English key. */
export type Catalog = { readonly [Key in MessageKey]: string };

/** One pane's file of a translation: exactly the keys of the English file `Pane`. */
export type PaneTranslation<Pane> = { readonly [Key in keyof Pane]: string };
