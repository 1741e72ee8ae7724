// The composer's English messages come with the composer's chunk, not with the sign-in screen (en/index.ts):
// every module of the composer that shows its messages imports this one, so they are there before it renders.
import messages from '../../i18n/en/compose.ts';
import { i18n } from '../../i18n/i18n.svelte.ts';

i18n.addEnglish(messages);
