import { Entity, type EntityItem } from 'electrodb';

/**
 * CAL-06: one item per slug ever used, so uniqueness is a condition (`SLUG#<slug>` · `SLUG`).
 * The current slug has no `redirect`; a former one keeps pointing at its event and answers 301.
 */
export const slugGuardEntity = () =>
  new Entity(
    {
      model: { entity: 'slugGuard', version: '1', service: 'parvis' },
      attributes: {
        slug: { type: 'string', required: true, readOnly: true },
        eventId: { type: 'string', required: true },
        /** Set on a former slug: the slug the event had when this one was left. */
        redirect: { type: 'string' },
        at: { type: 'string', required: true },
      },
      indexes: {
        bySlug: {
          pk: { field: 'pk', composite: ['slug'], template: 'SLUG#${slug}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'SLUG', casing: 'none' },
        },
      },
    },
    {},
  );

export type SlugGuard = EntityItem<ReturnType<typeof slugGuardEntity>>;
