import { Entity, type EntityItem } from 'electrodb';

/**
 * Seats held while a buyer pays (TIX-09), an invoice's places while it is paid (WS-06), or a
 * waiting-list offer's seats for the person offered them (TIX-15, decision 0020):
 * `HOLD#<holdId>` · `HOLD`. It records what it took (each counter shard and how many) so release
 * and conversion give back or sell exactly that. While `active` it is listed on the sparse g1
 * `HOLDS#<0-3>` · `<heldUntil>#<holdId>`, read by the sweep; leaving `active` (converted or
 * released) drops that entry and only then sets `expiresAt`, so TTL never deletes a hold that
 * still owns seats. Reserved seats (TIX-16) will be held the same way, their ids in `seatIds`.
 */
export const holdStatuses = ['active', 'converted', 'released'] as const;
export type HoldStatus = (typeof holdStatuses)[number];

export const holdSubjectKinds = ['order', 'invoice', 'waitlist'] as const;
export type HoldSubjectKind = (typeof holdSubjectKinds)[number];

/** The sweep's index is split in 4 so an on-sale's holds never throttle one GSI partition. */
export const holdIndexShards = 4;

export const holdEntity = () =>
  new Entity(
    {
      model: { entity: 'hold', version: '1', service: 'parvis' },
      attributes: {
        holdId: { type: 'string', required: true, readOnly: true },
        subject: {
          type: 'map',
          required: true,
          readOnly: true,
          properties: {
            kind: { type: holdSubjectKinds, required: true },
            id: { type: 'string', required: true },
          },
        },
        /** Seats taken, per counter shard. */
        taken: {
          type: 'list',
          required: true,
          readOnly: true,
          items: {
            type: 'map',
            properties: {
              eventId: { type: 'string', required: true },
              ticketTypeId: { type: 'string', required: true },
              shard: { type: 'string', required: true },
              quantity: { type: 'number', required: true },
            },
          },
        },
        /** TIX-16, later: the seats (`SEATS#<occurrenceId>` · `SEAT#<seatId>`) held with the counters. */
        seatIds: { type: 'list', items: { type: 'string' }, readOnly: true },
        status: { type: holdStatuses, required: true },
        /**
         * Composites of the sparse sweep index: every write that moves the hold names them again
         * (ElectroDB requires all the composites of a conditional index together).
         */
        sweepShard: { type: 'string', required: true },
        heldUntil: { type: 'string', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        convertedAt: { type: 'string' },
        releasedAt: { type: 'string' },
        /** Set only when the hold leaves `active`: garbage collection, never business logic. */
        expiresAt: { type: 'number' },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['holdId'], template: 'HOLD#${holdId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'HOLD', casing: 'none' },
        },
        /** Sparse: active holds only, by when they expire, for the sweep. */
        activeByExpiry: {
          index: 'gsi1',
          condition: (attributes) => attributes.status === 'active',
          pk: { field: 'gsi1pk', composite: ['sweepShard'], template: 'HOLDS#${sweepShard}', casing: 'none' },
          sk: {
            field: 'gsi1sk',
            composite: ['heldUntil', 'holdId'],
            template: '${heldUntil}#${holdId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type Hold = EntityItem<ReturnType<typeof holdEntity>>;
export type HoldTaken = Hold['taken'][number];

/** `hash(holdId) mod 4` (FNV-1a): the same hold always lands on the same sweep shard. */
export function sweepShardOf(holdId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < holdId.length; i += 1) {
    hash ^= holdId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return String((hash >>> 0) % holdIndexShards);
}
