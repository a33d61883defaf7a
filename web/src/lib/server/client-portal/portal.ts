/**
 * What every portal page ("Mon dossier") needs from the session: the file it shows and how the
 * document use cases should see the person acting. The file's id comes from `requireClient` only
 * (the session, or the file staff are viewing read-only, CRM-09), never from the request.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { requireClient } from '$lib/server/access';
import type { DocumentActor } from '$shared/crm/client-documents';
import type { Principal } from '$shared/identity/principal';

export interface PortalScope {
  principal: Principal;
  clientId: string;
  readOnly: boolean;
}

export function portalScope(event: Pick<RequestEvent, 'locals' | 'url'>): PortalScope {
  const { principal, clientId } = requireClient(event);
  return { principal, clientId, readOnly: principal.readOnly };
}

/**
 * The portal acts as the file's owner, never as staff: an upload from the portal is the client's
 * proof, not a staff attachment, even when the owner is also staff. Staff viewing the portal are
 * read-only, so the use cases refuse their writes as well as hooks.server.ts does.
 */
export function portalActor(scope: PortalScope): DocumentActor {
  return {
    userId: scope.principal.userId,
    clientId: scope.clientId,
    staff: false,
    readOnly: scope.readOnly,
  };
}
