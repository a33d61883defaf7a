import { requireStaff } from '$lib/server/access';
import type { LayoutServerLoad } from './$types';

/**
 * The console frame (ROLE-05): staff only, and not while viewing a client's portal. Each page's
 * load and action calls the guard again: a layout load does not run before an action.
 */
export const load: LayoutServerLoad = (event) => {
  const principal = requireStaff(event);
  return { staff: { name: principal.displayName || principal.email } };
};
