import { loadTierForm, saveTierForm } from '../../../pass-forms.server';
import type { Actions, PageServerLoad } from './$types';

/** TIX-08: a pass's price category (an id of another pass or event answers 404). */
export const load: PageServerLoad = (event) => loadTierForm(event, true);

export const actions: Actions = {
  default: (event) => saveTierForm(event, true),
};
