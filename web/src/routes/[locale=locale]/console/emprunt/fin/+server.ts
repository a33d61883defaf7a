import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { deny, requireUser } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { endImpersonation } from '$shared/identity/impersonation';
import type { RequestHandler } from './$types';

/**
 * "Revenir à la console" (CRM-09): ends the read-only view of a client's portal and returns to the
 * client's file. The one console route a read-only session reaches (hooks.server.ts lets this POST
 * through); staff only. Ending a view that already ended just goes back to the console.
 */
export const POST: RequestHandler = async (event) => {
  const principal = requireUser(event);
  if (!principal.staff) deny(event);
  const { locale, sessionToken } = event.locals;
  const { clientId } = await endImpersonation(serverDeps(), { token: sessionToken ?? '' });
  if (!clientId) redirect(303, paths.console(locale));
  redirect(303, paths.consoleClient(locale, clientId));
};
