import { loadPassPage, savePassForm } from '../pass-forms.server';
import type { Actions, PageServerLoad } from './$types';

/** TIX-08: a pass's form (its selling organization fixed) and its price categories. */
export const load: PageServerLoad = (event) => loadPassPage(event);

export const actions: Actions = {
  default: (event) => savePassForm(event),
};
