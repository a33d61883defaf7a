import { type DocumentClient, Service } from 'electrodb';
import { accountEntity, emailGuardEntity } from './account';
import { accountTokenEntity } from './account-token';
import { auditEntryEntity } from './audit';
import { loginThrottleEntity } from './login-throttle';
import { membershipEntity } from './membership';
import { organizationEntity } from './organization';
import { sessionEntity } from './session';

/**
 * The identity domain's entities in one ElectroDB Service, so an account and its e-mail guard are
 * written in one transaction. Built on first use only (shared/db/databases.ts).
 */
export function createIdentityDb(client: DocumentClient, table: string) {
  return new Service(
    {
      account: accountEntity(),
      emailGuard: emailGuardEntity(),
      session: sessionEntity(),
      loginThrottle: loginThrottleEntity(),
      accountToken: accountTokenEntity(),
      membership: membershipEntity(),
      organization: organizationEntity(),
      auditEntry: auditEntryEntity(),
    },
    { client, table },
  );
}

export type IdentityDb = ReturnType<typeof createIdentityDb>;
