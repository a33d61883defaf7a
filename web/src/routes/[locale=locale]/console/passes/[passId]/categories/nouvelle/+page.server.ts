import { loadTierForm, saveTierForm } from '../../../pass-forms.server';
import type { Actions, PageServerLoad } from './$types';

/** TIX-08: « Ajouter une catégorie » to a pass (« Adulte », « Étudiant »), staff only. */
export const load: PageServerLoad = (event) => loadTierForm(event, false);

export const actions: Actions = {
  default: (event) => saveTierForm(event, false),
};
