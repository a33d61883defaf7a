import { disablePromoForm, loadPromoCodes } from '$lib/server/ticketing-setup/promo-forms';
import type { Actions, PageServerLoad } from './$types';

/** TIX-07: an event's promo codes, their use and state; « Désactiver » (another organization's event answers 404). */
export const load: PageServerLoad = (event) => loadPromoCodes(event);

export const actions: Actions = {
  disable: (event) => disablePromoForm(event),
};
