/**
 * The door-scanning app's server side (TIX-12): the use cases' deps with the ticket keys, the
 * scanner taken from the session (an "Organisme" member; the event must be that organization's),
 * and one way to answer the app's JSON calls with a use case's error in the user's language.
 */
import { error, json, type RequestEvent } from '@sveltejs/kit';
import { requireOrganization } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import type { EntryDeps } from '$shared/entry/scan-ticket';
import { toUserError } from '$shared/kernel/errors';
import type { TicketSigner } from '$shared/ticketing/ticket-signer';

let signer: Promise<TicketSigner> | undefined;

/**
 * Deps plus the ticket keys, loaded on the first scan of the server's (or container's) life. The
 * Secrets Manager adapter is imported then, so no other page pays for its client at a cold start.
 */
export async function entryDeps(): Promise<EntryDeps> {
  signer ??= import('$shared/adapters/secrets-manager')
    .then((module) => module.ticketSignerFromEnv())
    .catch((cause: unknown) => {
      signer = undefined;
      throw cause;
    });
  return { ...serverDeps(), ticketKeys: await signer };
}

/** The member scanning, from the session only (ROLE-03, ROLE-06). */
export function doorActor(event: Pick<RequestEvent, 'locals' | 'url'>): { userId: string; orgId: string } {
  const { principal, orgId } = requireOrganization(event);
  return { userId: principal.userId, orgId };
}

/** A use case's refusal as the app's JSON (`{ code, message }`); anything else is the server's error. */
export function jsonFailure(cause: unknown, event: Pick<RequestEvent, 'locals'>): Response {
  const user = toUserError(cause, event.locals.locale);
  if (user.status >= 500) throw cause;
  return json({ code: user.code, message: user.message }, { status: user.status });
}

/** The body of a JSON call, or 400 when it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    error(400, 'JSON expected');
  }
}
