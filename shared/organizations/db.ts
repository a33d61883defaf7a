import { type DocumentClient, Service } from 'electrodb';
import { customCheckboxEntity } from './custom-checkbox';

/**
 * What staff set up for an organization besides its identity (ORG-09): its custom checkboxes for
 * now. The organization item itself stays in the identity Service (it is created with its first
 * member in one transaction). Built on first use only (shared/db/databases.ts).
 */
export function createOrganizationsDb(client: DocumentClient, table: string) {
  return new Service({ customCheckbox: customCheckboxEntity() }, { client, table });
}

export type OrganizationsDb = ReturnType<typeof createOrganizationsDb>;
