/**
 * "Se connecter en tant que…" (CRM-09): staff see a client's portal exactly as the client does,
 * read-only. It is a flag on the staff member's own session, not a session of the client: the
 * client's sessions are untouched, every write is refused server-side while the flag is set
 * (web/src/hooks.server.ts), and it ends with the staff session at the latest.
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { DomainError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { newAuditEntry } from './audit';
import { isTokenShaped, tokenDigest } from './tokens';

export class ImpersonationRefusedError extends DomainError {
  constructor() {
    super(
      'impersonation_refused',
      {
        fr: 'Seul le personnel connecté peut consulter le portail d’un client.',
        en: 'Only logged-in staff can view a client’s portal.',
      },
      { status: 403 },
    );
  }
}

const input = z.object({
  token: z.string().check(z.maxLength(128)),
  clientId: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/)),
});

/**
 * Sets the flag on a full staff session, with its `impersonation.start` audit entry in the same
 * transaction (PLAT-02); the caller has checked that the client file exists.
 */
export async function startImpersonation(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  request: { token: string; clientId: string },
): Promise<void> {
  const { token, clientId } = parseInput(input, request);
  if (!isTokenShaped(token)) throw new ImpersonationRefusedError();
  const sessions = deps.db.identity.entities.session;
  const digest = tokenDigest(token);
  const session = (await sessions.get({ tokenDigest: digest }).go({ consistent: true })).data;
  if (session?.stage !== 'full' || !session.roles.some((entry) => entry.role === 'staff')) {
    throw new ImpersonationRefusedError();
  }
  const entry = newAuditEntry(deps, {
    action: 'impersonation.start',
    targetId: clientId,
    actorUserId: session.userId,
  });
  const result = await deps.db.identity.transaction
    .write(({ session: txSession, auditEntry }) => [
      txSession.patch({ tokenDigest: digest }).set({ actingAsClientId: clientId }).commit(),
      auditEntry.create(entry).commit(),
    ])
    .go();
  // The session ended meanwhile (log-out): nothing is set, nothing is audited.
  if (result.canceled) throw new ImpersonationRefusedError();
}

/**
 * Removes the flag, with its `impersonation.end` audit entry in the same transaction; the session
 * is the staff member's again. Returns the client that was shown (nothing when no view was open).
 */
export async function endImpersonation(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  request: { token: string },
): Promise<{ clientId?: string }> {
  const { token } = parseInput(z.object({ token: z.string().check(z.maxLength(128)) }), request);
  if (!isTokenShaped(token)) return {};
  const sessions = deps.db.identity.entities.session;
  const digest = tokenDigest(token);
  const session = (await sessions.get({ tokenDigest: digest }).go({ consistent: true })).data;
  const clientId = session?.actingAsClientId;
  if (!clientId) return {};
  const entry = newAuditEntry(deps, {
    action: 'impersonation.end',
    targetId: clientId,
    actorUserId: session.userId,
  });
  // Conditioned on the view being the one read: of two concurrent "return" clicks one ends it and
  // is audited; the other (or a session logged out meanwhile) writes nothing.
  await deps.db.identity.transaction
    .write(({ session: txSession, auditEntry }) => [
      txSession
        .patch({ tokenDigest: digest })
        .remove(['actingAsClientId'])
        .where(({ actingAsClientId }, { eq }) => eq(actingAsClientId, clientId))
        .commit(),
      auditEntry.create(entry).commit(),
    ])
    .go();
  return { clientId };
}
