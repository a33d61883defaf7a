import { Entity, type EntityItem } from 'electrodb';

/**
 * An online event's access code (« code d'accès », TIX-13): `ACCESSCODE#<eventId>#<code>` · `CODE`,
 * one per ticket, created in the transaction that confirms the order (or resets the code) with the
 * condition that the key does not exist, so a code is unique within its event without any index.
 * The ticket keeps its current code (`ticket.accessCode`), so cancelling an order finds its codes
 * by key. Entering a code is a GetItem by the code typed (data model §3.4).
 */
export const accessCodeEntity = () =>
  new Entity(
    {
      model: { entity: 'accessCode', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        /** `K7QF-2M9X`: upper-case, from an alphabet without look-alikes (data model §1.3). */
        code: { type: 'string', required: true, readOnly: true },
        /** The event's organization, copied: the scope of the organizer's reset (ROLE-06). */
        orgId: { type: 'string', required: true, readOnly: true },
        orderId: { type: 'string', required: true, readOnly: true },
        ticketId: { type: 'string', required: true, readOnly: true },
        createdAt: { type: 'string', required: true, readOnly: true },
      },
      indexes: {
        byCode: {
          pk: {
            field: 'pk',
            composite: ['eventId', 'code'],
            template: 'ACCESSCODE#${eventId}#${code}',
            casing: 'none',
          },
          sk: { field: 'sk', composite: [], template: 'CODE', casing: 'none' },
        },
      },
    },
    {},
  );

export type AccessCode = EntityItem<ReturnType<typeof accessCodeEntity>>;

/**
 * The device a code is bound to (TIX-13): `ACCESSCODE#<eventId>#<code>` · `DEVICE`, put on entry
 * with the condition « absent, or this device, or its 24 h are over » — one conditional item, so of
 * two devices entering one code at once exactly one is bound. It names its ticket: a binding left
 * from a deleted code never binds a later code of another ticket. The device id is the random
 * value of the viewer's cookie, kept only as a hash. TTL: `boundUntil`.
 */
export const deviceBindingEntity = () =>
  new Entity(
    {
      model: { entity: 'deviceBinding', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        code: { type: 'string', required: true, readOnly: true },
        ticketId: { type: 'string', required: true },
        /** SHA-256 of the cookie's device id. */
        deviceHash: { type: 'string', required: true },
        boundAt: { type: 'string', required: true },
        boundUntil: { type: 'string', required: true },
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byCode: {
          pk: {
            field: 'pk',
            composite: ['eventId', 'code'],
            template: 'ACCESSCODE#${eventId}#${code}',
            casing: 'none',
          },
          sk: { field: 'sk', composite: [], template: 'DEVICE', casing: 'none' },
        },
      },
    },
    {},
  );

export type DeviceBinding = EntityItem<ReturnType<typeof deviceBindingEntity>>;
