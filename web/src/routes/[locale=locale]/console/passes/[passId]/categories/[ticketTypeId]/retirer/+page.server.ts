import { loadTierWithdrawal, withdrawTierForm } from '../../../../pass-forms.server';
import type { Actions, PageServerLoad } from './$types';

/** TIX-08: the confirmation step of withdrawing a pass's category from sale (no JavaScript needed). */
export const load: PageServerLoad = (event) => loadTierWithdrawal(event);

export const actions: Actions = {
  default: (event) => withdrawTierForm(event),
};
