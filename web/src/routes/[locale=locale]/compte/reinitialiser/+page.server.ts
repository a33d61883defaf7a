import { resetPassword } from '$shared/identity/account-tokens';
import { choosePasswordPage } from '../choose-password.server';
import type { Actions, PageServerLoad } from './$types';

/** ROLE-02..05: the forgotten-password link; the new password also ends every session. */
const page = choosePasswordPage({ use: resetPassword, reason: 'mot-de-passe' });

export const load: PageServerLoad = (event) => page.load(event);
export const actions: Actions = { default: page.action };
