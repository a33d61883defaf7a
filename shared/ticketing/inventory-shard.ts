import { Entity, type EntityItem } from 'electrodb';
import { ticketTypeStatuses } from './ticket-type';

/**
 * One counter shard of a ticket type's seats (TIX-09): `EVENT#<eventId>` ·
 * `INV#<ticketTypeId>#<shard>`. A category's capacity is split over a few shards so a big on-sale
 * does not queue on one item (transactions on one item conflict); each shard keeps
 * `remaining + held + sold == capacity`, and a hold takes seats with the condition
 * `remaining >= n` in the same transaction as the hold (decision 0014). `shard` is written with
 * two digits so the shards sort in order. Each shard also carries a copy of its category's sale
 * state (status, sale window, per-person maximum), written in the same transaction as the
 * category, so a hold's own conditions refuse a withdrawn category, or one not yet on sale,
 * without reading it: no withdrawal can slip between a read and the hold.
 */
export const inventoryShardEntity = () =>
  new Entity(
    {
      model: { entity: 'inventoryShard', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        ticketTypeId: { type: 'string', required: true, readOnly: true },
        /** `00` … `99`. */
        shard: { type: 'string', required: true, readOnly: true },
        capacity: { type: 'number', required: true },
        remaining: { type: 'number', required: true },
        held: { type: 'number', required: true, default: 0 },
        sold: { type: 'number', required: true, default: 0 },
        /** Copies of the category's, kept in step with it (see above). */
        status: { type: ticketTypeStatuses, required: true, default: 'active' },
        perPersonMax: { type: 'number', required: true },
        salesStartAt: { type: 'string' },
        withdrawAt: { type: 'string' },
      },
      indexes: {
        byTicketType: {
          pk: { field: 'pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['ticketTypeId', 'shard'],
            template: 'INV#${ticketTypeId}#${shard}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type InventoryShard = EntityItem<ReturnType<typeof inventoryShardEntity>>;

/** The shard's name in its key: two digits, so `INV#<ticketTypeId>#…` sorts in shard order. */
export const shardName = (index: number): string => String(index).padStart(2, '0');
