import { Entity, type EntityItem } from 'electrodb';

/**
 * Finds files by phone number (CRM-04 phone-only clients, staff search): `PHONE#<e164>` ·
 * `CLIENT#<clientId>`. Not unique — a family shares a landline — so each file has its own item
 * under the number, written and removed in the same transaction as the profile's `phone`.
 */
export const phoneLookupEntity = () =>
  new Entity(
    {
      model: { entity: 'phoneLookup', version: '1', service: 'parvis' },
      attributes: {
        phone: { type: 'string', required: true, readOnly: true },
        clientId: { type: 'string', required: true, readOnly: true },
      },
      indexes: {
        byPhone: {
          pk: { field: 'pk', composite: ['phone'], template: 'PHONE#${phone}', casing: 'none' },
          sk: { field: 'sk', composite: ['clientId'], template: 'CLIENT#${clientId}', casing: 'none' },
        },
      },
    },
    {},
  );

export type PhoneLookup = EntityItem<ReturnType<typeof phoneLookupEntity>>;
