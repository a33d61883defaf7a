import { Entity, type EntityItem } from 'electrodb';

/**
 * An address Parvis must not write to again (COM-08): a permanent bounce, a complaint, or a staff
 * decision. Keyed by the normalized address so the sender checks it with one GetItem.
 */
export const suppressionReasons = ['bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

export const suppressionEntity = () =>
  new Entity(
    {
      model: { entity: 'suppression', version: '1', service: 'parvis' },
      attributes: {
        email: { type: 'string', required: true, readOnly: true },
        reason: { type: suppressionReasons, required: true },
        /** SES bounce type/sub-type and diagnostic, or the complaint feedback type. */
        detail: { type: 'string' },
        at: { type: 'string', required: true },
        /** The SES message that revealed the problem, to show staff what bounced. */
        sesMessageId: { type: 'string' },
      },
      indexes: {
        byEmail: {
          pk: { field: 'pk', composite: ['email'], template: 'SUPPRESSION#${email}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'SUPPRESSION', casing: 'none' },
        },
        /** Staff list, newest first (a small set: one partition is enough). */
        all: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: [], template: 'SUPPRESSIONS', casing: 'none' },
          sk: { field: 'gsi1sk', composite: ['at', 'email'], template: '${at}#${email}', casing: 'none' },
        },
      },
    },
    {},
  );

export type Suppression = EntityItem<ReturnType<typeof suppressionEntity>>;

/** Addresses compare case-insensitively in practice; store and look them up lower-cased and trimmed. */
export function normalizeEmail(address: string): string {
  return address.trim().toLowerCase();
}
