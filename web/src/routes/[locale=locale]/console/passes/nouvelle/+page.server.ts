import { loadNewPass, savePassForm } from '../pass-forms.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * TIX-08: « Créer une passe ». The selling organization is chosen first (`?organisme=`, a GET form
 * that works without JavaScript), then the form lists that organization's events.
 */
export const load: PageServerLoad = (event) => loadNewPass(event);

export const actions: Actions = {
  default: (event) => savePassForm(event),
};
