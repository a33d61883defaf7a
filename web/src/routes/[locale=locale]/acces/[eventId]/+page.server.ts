import { enterCodeForm, helpForm, loadAccessPage } from '$lib/server/access-codes/access-forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * TIX-13: an online event's « Code d'accès » page: the viewer pastes the code of their ticket and
 * gets the broadcast's link (their device bound to the code for 24 h unless the organizer allows
 * several); « Assistance technique » writes to staff and the organization. Works without JavaScript;
 * never cached.
 */
export const load: PageServerLoad = (event) => loadAccessPage(event);

export const actions: Actions = {
  enter: (event) => enterCodeForm(event),
  help: (event) => helpForm(event),
};
