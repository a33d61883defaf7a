import { Entity, type EntityItem } from 'electrodb';

/**
 * An organization (ORG-01): a presenter, a museum, a festival… created by staff with its first
 * member; it then manages its own users (ORG-08). `ORG#<orgId>` · `ORG`, listed by name on g1
 * (`ORGS` · `<nameKey>#<orgId>`). The calendar issue adds the public profile (ORG-03).
 */
export const organizationStatuses = ['active', 'suspended'] as const;

export const organizationEntity = () =>
  new Entity(
    {
      model: { entity: 'organization', version: '1', service: 'parvis' },
      attributes: {
        orgId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        /** `name` without accents, case or punctuation: the list's sort order. */
        nameKey: { type: 'string', required: true },
        contactEmail: { type: 'string' },
        status: { type: organizationStatuses, required: true, default: 'active' },
        createdAt: { type: 'string', required: true, readOnly: true },
        createdBy: { type: 'string', required: true, readOnly: true },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['orgId'], template: 'ORG#${orgId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'ORG', casing: 'none' },
        },
        byName: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: [], template: 'ORGS', casing: 'none' },
          sk: {
            field: 'gsi1sk',
            composite: ['nameKey', 'orgId'],
            template: '${nameKey}#${orgId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type Organization = EntityItem<ReturnType<typeof organizationEntity>>;
