import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import type { RequestHandler } from './$types';

/** The address of the « événement soumis » e-mail (ORG-07): the queue heads the events page. */
export const GET: RequestHandler = (event) => {
  requireStaff(event);
  redirect(303, `${paths.consoleEvents(event.locals.locale)}#a-approuver`);
};
