import type { MemberRole } from './membership';
import type { Session } from './session';
import type { SessionAccount } from './sessions';

/**
 * Who is making a request, as the web layer sees it (ROLE-01..06): built from the session only,
 * never from anything the request sends, so the organization scope cannot be forged.
 */
export interface Principal {
  userId: string;
  email: string;
  displayName?: string;
  /** The user's own client file (ROLE-02). */
  clientId?: string;
  /** Memberships copied into the session at log-in. */
  roles: readonly { orgId: string; role: MemberRole }[];
  staff: boolean;
  trainer: boolean;
  /** Organizations this user may act for, and as what (ROLE-03, ROLE-06). */
  organizations: readonly { orgId: string; role: 'organisme' | 'moderator' }[];
  stage: Session['stage'];
  /** CRM-09: staff viewing this client's portal; every write is refused while it lasts. */
  actingAsClientId?: string;
  readOnly: boolean;
  hasSecondFactor: boolean;
}

export function principalOf(session: Session, account: SessionAccount): Principal {
  const roles = session.roles ?? [];
  const organizations = roles.flatMap((entry) =>
    entry.role === 'organisme' || entry.role === 'moderator'
      ? [{ orgId: entry.orgId, role: entry.role }]
      : [],
  );
  return {
    userId: account.userId,
    email: account.email,
    displayName: account.displayName,
    clientId: session.clientId,
    roles,
    staff: roles.some((entry) => entry.role === 'staff'),
    trainer: roles.some((entry) => entry.role === 'trainer'),
    organizations,
    stage: session.stage,
    actingAsClientId: session.actingAsClientId,
    readOnly: Boolean(session.actingAsClientId),
    hasSecondFactor: Boolean(account.totpEnabledAt),
  };
}

/** The client file a client page shows: the impersonated one for staff in "log in as", else the user's. */
export function clientScope(principal: Principal): string | undefined {
  return principal.actingAsClientId ?? principal.clientId;
}
