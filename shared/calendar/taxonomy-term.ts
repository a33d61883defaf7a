import { Entity, type EntityItem } from 'electrodb';

/**
 * A term of a pick list staff maintain (ORG-09): categories ("disciplines"), audiences
 * ("clientèles"), exhibition types. `TAXO#<kind>` · `<termId>`: one small partition per kind.
 * A category may require an exhibition type (the seed's « Musée »).
 */
export const taxonomyKinds = ['category', 'audience', 'exhibitionType'] as const;
export type TaxonomyKind = (typeof taxonomyKinds)[number];

export const taxonomyTermEntity = () =>
  new Entity(
    {
      model: { entity: 'taxonomyTerm', version: '1', service: 'parvis' },
      attributes: {
        kind: { type: taxonomyKinds, required: true, readOnly: true },
        termId: { type: 'string', required: true, readOnly: true },
        nameFr: { type: 'string', required: true },
        nameEn: { type: 'string', required: true },
        /** Categories only: events in it must name an exhibition type (« Musée »). */
        requiresExhibitionType: { type: 'boolean', required: true, default: false },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byKind: {
          pk: { field: 'pk', composite: ['kind'], template: 'TAXO#${kind}', casing: 'none' },
          sk: { field: 'sk', composite: ['termId'], template: '${termId}', casing: 'none' },
        },
      },
    },
    {},
  );

export type TaxonomyTerm = EntityItem<ReturnType<typeof taxonomyTermEntity>>;
