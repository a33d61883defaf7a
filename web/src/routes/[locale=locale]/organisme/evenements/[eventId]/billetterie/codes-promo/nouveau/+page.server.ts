import { loadPromoForm, savePromoForm } from '$lib/server/ticketing-setup/promo-forms';
import type { Actions, PageServerLoad } from './$types';

/** TIX-07: a new promo code of the event. */
export const load: PageServerLoad = (event) => loadPromoForm(event, false);

export const actions: Actions = {
  default: (event) => savePromoForm(event, false),
};
