import { Entity, type EntityItem } from 'electrodb';

/**
 * Roles beyond the client (ROLE-03..05), one item per user and organization:
 * `USER#<userId>` · `MEMBER#<orgId>`, listed per organization on g3 (`ORG#<orgId>` · `MEMBER#<userId>`).
 * - `organisme`: an organization's member ("Organisme", ROLE-03);
 * - `moderator`: an organization's chat moderator ("Modérateur de clavardage");
 * - `trainer`: a school organizer (ROLE-04), and `staff` (ROLE-05): both belong to the platform
 *   itself, `platformOrgId`.
 * They are read once at log-in and copied into the session (data-model §3.1); a change logs the
 * user out everywhere so it takes effect at once.
 */
export const memberRoles = ['organisme', 'moderator', 'trainer', 'staff'] as const;
export type MemberRole = (typeof memberRoles)[number];

/** The platform's own "organization": staff and trainers are its members. */
export const platformOrgId = 'parvis';

/** Roles an organization grants to its own users (ORG-08); the others are the platform's. */
export const organizationRoles = ['organisme', 'moderator'] as const satisfies readonly MemberRole[];
export type OrganizationRole = (typeof organizationRoles)[number];

export const membershipEntity = () =>
  new Entity(
    {
      model: { entity: 'membership', version: '1', service: 'parvis' },
      attributes: {
        userId: { type: 'string', required: true, readOnly: true },
        orgId: { type: 'string', required: true, readOnly: true },
        role: { type: memberRoles, required: true },
        grantedAt: { type: 'string', required: true },
        grantedBy: { type: 'string', required: true },
      },
      indexes: {
        byUser: {
          pk: { field: 'pk', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
          sk: { field: 'sk', composite: ['orgId'], template: 'MEMBER#${orgId}', casing: 'none' },
        },
        byOrganization: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['orgId'], template: 'ORG#${orgId}', casing: 'none' },
          sk: { field: 'gsi3sk', composite: ['userId'], template: 'MEMBER#${userId}', casing: 'none' },
        },
      },
    },
    {},
  );

export type Membership = EntityItem<ReturnType<typeof membershipEntity>>;
