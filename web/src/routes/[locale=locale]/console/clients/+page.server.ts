import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import type { PageServerLoad } from './$types';

/** Files are found from the console's search, its home. */
export const load: PageServerLoad = (event) => {
  requireStaff(event);
  redirect(303, paths.console(event.locals.locale));
};
