import { Entity, type EntityItem } from 'electrodb';

/**
 * An address Parvis must not write to again (COM-08): a permanent bounce, a complaint, or a staff
 * decision. Keyed by the normalized address so the sender checks it with one GetItem. One item per
 * address: a bounce or a staff decision replaces a complaint, never the other way round.
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

/**
 * Whether a suppression stops a kind of mail. A hard bounce (the address does not exist) and a
 * staff decision stop everything. A complaint (the person marked a mail as spam) stops mass mail
 * only: service mail is what the person asked for or must receive about their own business — a
 * password reset, a receipt, a ticket, a change to a workshop they paid for — and CASL exempts
 * such transactional messages from consent. Blocking it would lock people out of their account or
 * their tickets over a click on a newsletter. The complaint stays on their file (CRM-05), and staff
 * can add a `manual` suppression when the person wants nothing at all.
 */
export function suppressionBlocks(reason: SuppressionReason, kind: 'service' | 'mass'): boolean {
  return reason !== 'complaint' || kind === 'mass';
}
