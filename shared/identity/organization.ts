import { Entity, type EntityItem } from 'electrodb';

/**
 * An organization (ORG-01): a presenter, a museum, a festival… created by staff with its first
 * member; it then manages its own users (ORG-08). `ORG#<orgId>` · `ORG`, listed by name on g1
 * (`ORGS` · `<nameKey>#<orgId>`). Its public profile (ORG-03) lives on the same item: the portal's
 * « Profil » tab and the console edit it (shared/organizations/organization-profile.ts), every
 * change conditioned on `version`.
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
        /** The address the platform's team writes to; not shown to the public. */
        contactEmail: { type: 'string' },
        status: { type: organizationStatuses, required: true, default: 'active' },
        // --- Public profile (ORG-03): plain text, escaped wherever shown; URLs are http(s) only.
        description: { type: 'string' },
        websiteUrl: { type: 'string' },
        publicEmail: { type: 'string' },
        phone: { type: 'string' },
        street: { type: 'string' },
        city: { type: 'string' },
        postalCode: { type: 'string' },
        facebookUrl: { type: 'string' },
        instagramUrl: { type: 'string' },
        /** Raised by one at each profile change; absent (0) on an organization never edited. */
        version: { type: 'number' },
        updatedAt: { type: 'string' },
        updatedBy: { type: 'string' },
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
