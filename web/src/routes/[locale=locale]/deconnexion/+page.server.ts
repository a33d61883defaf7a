import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverDeps } from '$lib/server/deps';
import { clearSessionCookie, SESSION_COOKIE } from '$lib/server/session-cookie';
import { logOut } from '$shared/identity/sessions';
import type { Actions, PageServerLoad } from './$types';

/** A GET never logs out (a prefetch or a link must not): the page only offers the button. */
export const load: PageServerLoad = ({ locals }) => ({ loggedIn: locals.principal !== null });

export const actions: Actions = {
  /**
   * Ends this session in the table (so a copied cookie is dead too), drops the cookie and goes home.
   * Open even in a read-only view (hooks.server.ts lets this path through).
   */
  default: async ({ cookies, locals }) => {
    const token = locals.sessionToken ?? cookies.get(SESSION_COOKIE);
    if (token && token.length <= 128) await logOut(serverDeps(), { token });
    clearSessionCookie(cookies);
    locals.principal = null;
    locals.sessionToken = undefined;
    redirect(303, paths.home(locals.locale));
  },
};
