import { cancelRegistrationForm, loadCancellation } from '$lib/server/checkout/order-page';
import type { Actions, PageServerLoad } from './$types';

/** TIX-11: cancelling a free registration in one step (the e-mail's link lands here). */
export const load: PageServerLoad = (event) => loadCancellation(event);

export const actions: Actions = {
  default: (event) => cancelRegistrationForm(event),
};
