import { Entity, type EntityItem } from 'electrodb';

/**
 * A venue ("lieu", ORG-09): where events happen, with its address, geolocation for the map
 * (CAL-01) and IANA zone, copied onto its events so their local days are computed in it.
 * `VENUE#<venueId>` · `VENUE`, listed by name on g1 `VENUES` for the pick lists (ORG-05).
 */
export const venueEntity = () =>
  new Entity(
    {
      model: { entity: 'venue', version: '1', service: 'parvis' },
      attributes: {
        venueId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        nameKey: { type: 'string', required: true },
        address: { type: 'string', required: true },
        city: { type: 'string', required: true },
        postalCode: { type: 'string' },
        latitude: { type: 'number' },
        longitude: { type: 'number' },
        timeZone: { type: 'string', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['venueId'], template: 'VENUE#${venueId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'VENUE', casing: 'none' },
        },
        byName: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: [], template: 'VENUES', casing: 'none' },
          sk: {
            field: 'gsi1sk',
            composite: ['nameKey', 'venueId'],
            template: '${nameKey}#${venueId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type Venue = EntityItem<ReturnType<typeof venueEntity>>;
