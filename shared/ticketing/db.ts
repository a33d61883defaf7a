import { type DocumentClient, Service } from 'electrodb';
import { holdEntity } from './hold';
import { inventoryShardEntity } from './inventory-shard';
import { passEntity, passLinkEntity } from './pass';
import { ticketTypeEntity } from './ticket-type';
import { ticketingSettingsEntity } from './ticketing-settings-item';

/**
 * The ticketing catalogue and its inventory (TIX-02, TIX-03, TIX-09) in one ElectroDB Service, so
 * a hold, its counter updates and a resized category each commit in one transaction. Checkout
 * joins an order's items to a hold with `createWriteTransaction` (place-hold.ts `extraWrites`).
 * Passes (TIX-08) are here too: their tiers are ticket types. Built on first use only (shared/db/databases.ts).
 */
export function createTicketingDb(client: DocumentClient, table: string) {
  return new Service(
    {
      ticketType: ticketTypeEntity(),
      inventoryShard: inventoryShardEntity(),
      hold: holdEntity(),
      ticketingSettings: ticketingSettingsEntity(),
      pass: passEntity(),
      passLink: passLinkEntity(),
    },
    { client, table },
  );
}

export type TicketingDb = ReturnType<typeof createTicketingDb>;
export type TicketingEntities = TicketingDb['entities'];
