import { activateAccount } from '$shared/identity/account-tokens';
import { choosePasswordPage } from '../choose-password.server';
import type { Actions, PageServerLoad } from './$types';

/** CRM-01, ORG-01, ORG-08: the invitation link; choosing the password activates the account. */
const page = choosePasswordPage({ use: activateAccount, reason: 'active' });

export const load: PageServerLoad = (event) => page.load(event);
export const actions: Actions = { default: page.action };
