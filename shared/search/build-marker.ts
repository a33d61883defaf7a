import { Entity, type EntityItem } from 'electrodb';

/**
 * CAL-10, decision 0011 §2: `BUILD#<name>` · `BUILD`, the last build of a public file (the search
 * index, `name` = its S3 key): when it started, so a rebuild request sent before that start is
 * dropped (the debounce), and what it wrote. Registered in the calendar's Service.
 */
export const publicIndexBuildEntity = () =>
  new Entity(
    {
      model: { entity: 'publicIndexBuild', version: '1', service: 'parvis' },
      attributes: {
        name: { type: 'string', required: true, readOnly: true },
        /** ISO instant the build started reading `EVENTS#published`. */
        startedAt: { type: 'string', required: true },
        finishedAt: { type: 'string', required: true },
        documents: { type: 'number', required: true },
        etag: { type: 'string', required: true },
      },
      indexes: {
        byName: {
          pk: { field: 'pk', composite: ['name'], template: 'BUILD#${name}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'BUILD', casing: 'none' },
        },
      },
    },
    {},
  );

export type PublicIndexBuild = EntityItem<ReturnType<typeof publicIndexBuildEntity>>;
