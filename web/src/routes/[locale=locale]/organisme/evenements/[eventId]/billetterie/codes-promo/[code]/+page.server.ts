import { loadPromoForm, savePromoForm } from '$lib/server/ticketing-setup/promo-forms';
import type { Actions, PageServerLoad } from './$types';

/** TIX-07: a promo code's form, under the version loaded (a disabled one is reactivated by saving it). */
export const load: PageServerLoad = (event) => loadPromoForm(event, true);

export const actions: Actions = {
  default: (event) => savePromoForm(event, true),
};
