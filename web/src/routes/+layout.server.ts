import { serverDeps } from '$lib/server/deps';
import { ticketingMenuShown } from '$shared/calendar/ticketing-menu';
import { clientScope, type Principal } from '$shared/identity/principal';
import { isLocale } from '$shared/templates/i18n/locale';
import { passesMenuShown } from '$shared/ticketing/passes-menu';
import type { LayoutServerLoad } from './$types';

/** The portals a header may link to; the pages themselves check access again (access.ts). */
export type Portal = 'myFile' | 'organization' | 'console' | 'trainer';

/**
 * What the browser may know of who is logged in, for the header: a name to show, which portals to
 * link, whether the session is read-only (CRM-09) or still owes a factor. Never the token, the
 * roles' organization ids or anything the pages do not need.
 */
export interface PrincipalSummary {
  name: string;
  email: string;
  /** Every factor proven (a session at the code or enrollment step only sees "log out"). */
  complete: boolean;
  readOnly: boolean;
  portals: Portal[];
}

function summarize(principal: Principal): PrincipalSummary {
  const complete = principal.stage === 'full';
  const portals: Portal[] = [];
  if (complete) {
    if (clientScope(principal)) portals.push('myFile');
    if (!principal.readOnly) {
      if (principal.organizations.some((entry) => entry.role === 'organisme')) portals.push('organization');
      if (principal.staff) portals.push('console');
      else if (principal.trainer) portals.push('trainer');
    }
  }
  return {
    name: principal.displayName ?? principal.email,
    email: principal.email,
    complete,
    readOnly: principal.readOnly,
    portals,
  };
}

/**
 * CAL-08: whether the main menu shows « Billetterie / Inscriptions »: an upcoming event sells or
 * registers on Parvis. Read from the calendar projection, stopped at the first card and kept a
 * minute per container (shared/calendar/ticketing-menu.ts), never per request. A failed read hides
 * the entry rather than the page.
 */
async function ticketingMenu(): Promise<boolean> {
  const deps = serverDeps();
  try {
    return await ticketingMenuShown(deps);
  } catch (error) {
    deps.log.warn('ticketing menu read failed; the entry is hidden', { error: String(error) });
    return false;
  }
}

/**
 * CAL-08, TIX-08: whether the main menu shows « Passes »: a pass is on sale or upcoming. Kept a
 * minute per container (shared/ticketing/passes-menu.ts); a failed read hides the entry.
 */
async function passesMenu(): Promise<boolean> {
  const deps = serverDeps();
  try {
    return await passesMenuShown(deps);
  } catch (error) {
    deps.log.warn('passes menu read failed; the entry is hidden', { error: String(error) });
    return false;
  }
}

// Reading params.locale makes SvelteKit rerun this load when the language changes; the principal
// changes only through form actions (log-in, log-out), which rerun every load.
export const load: LayoutServerLoad = async ({ locals, params }) => {
  const [shownTicketing, shownPasses] = await Promise.all([ticketingMenu(), passesMenu()]);
  return {
    locale: isLocale(params.locale) ? params.locale : locals.locale,
    principal: locals.principal ? summarize(locals.principal) : null,
    ticketingMenu: shownTicketing,
    passesMenu: shownPasses,
  };
};
