import { clientScope, type Principal } from '$shared/identity/principal';
import { isLocale } from '$shared/templates/i18n/locale';
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

// Reading params.locale makes SvelteKit rerun this load when the language changes; the principal
// changes only through form actions (log-in, log-out), which rerun every load.
// It reads nothing from the table: every page's header, a cold start's first page included,
// costs no request (CAL-08's « Billetterie / Inscriptions » is always in the menu).
export const load: LayoutServerLoad = ({ locals, params }) => ({
  locale: isLocale(params.locale) ? params.locale : locals.locale,
  principal: locals.principal ? summarize(locals.principal) : null,
});
