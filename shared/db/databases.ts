import type { DocumentClient } from 'electrodb';
import { type CalendarDb, createCalendarDb } from '../calendar/db';
import { type CommsDb, createCommsDb } from '../comms/db';
import { type CrmDb, createCrmDb } from '../crm/db';
import { createEntryDb, type EntryDb } from '../entry/db';
import { createIdentityDb, type IdentityDb } from '../identity/db';
import { createOrdersDb, type OrdersDb } from '../orders/db';
import { createOrganizationsDb, type OrganizationsDb } from '../organizations/db';
import { createTicketingDb, type TicketingDb } from '../ticketing/db';

/**
 * One ElectroDB Service per domain over the single table (DESIGN, convention 5). Each is built the
 * first time it is read: building an entity costs milliseconds of cold start (decision 0006), so a
 * function or a page pays only for the domains its use cases touch. Writes that span domains join
 * their entities with ElectroDB's `createWriteTransaction`.
 */
export interface Databases {
  readonly calendar: CalendarDb;
  readonly comms: CommsDb;
  readonly crm: CrmDb;
  readonly entry: EntryDb;
  readonly identity: IdentityDb;
  readonly orders: OrdersDb;
  readonly organizations: OrganizationsDb;
  readonly ticketing: TicketingDb;
}

export function createDatabases(client: DocumentClient, table: string): Databases {
  let calendar: CalendarDb | undefined;
  let comms: CommsDb | undefined;
  let crm: CrmDb | undefined;
  let entry: EntryDb | undefined;
  let identity: IdentityDb | undefined;
  let orders: OrdersDb | undefined;
  let organizations: OrganizationsDb | undefined;
  let ticketing: TicketingDb | undefined;
  return {
    get calendar() {
      calendar ??= createCalendarDb(client, table);
      return calendar;
    },
    get comms() {
      comms ??= createCommsDb(client, table);
      return comms;
    },
    get crm() {
      crm ??= createCrmDb(client, table);
      return crm;
    },
    get entry() {
      entry ??= createEntryDb(client, table);
      return entry;
    },
    get identity() {
      identity ??= createIdentityDb(client, table);
      return identity;
    },
    get orders() {
      orders ??= createOrdersDb(client, table);
      return orders;
    },
    get organizations() {
      organizations ??= createOrganizationsDb(client, table);
      return organizations;
    },
    get ticketing() {
      ticketing ??= createTicketingDb(client, table);
      return ticketing;
    },
  };
}
