import { Entity, type EntityItem } from 'electrodb';

/**
 * What the system did with each e-mail for one recipient (CRM-06 "Consulter les logs", CRM-05
 * bounces on the file). Append-only; keyed by recipient so the log reads newest first in one query
 * and erasure (CRM-07) deletes one partition.
 */
export const sendLogEvents = ['sent', 'suppressed', 'bounced', 'complained', 'failed'] as const;
export type SendLogEvent = (typeof sendLogEvents)[number];

export const sendLogEntity = () =>
  new Entity(
    {
      model: { entity: 'sendLog', version: '1', service: 'parvis' },
      attributes: {
        recipientKey: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        messageId: { type: 'string', required: true, readOnly: true },
        event: { type: sendLogEvents, required: true, readOnly: true },
        kind: { type: ['service', 'mass'] as const, required: true, readOnly: true },
        templateId: { type: 'string', required: true, readOnly: true },
        to: { type: 'string', required: true, readOnly: true },
        subject: { type: 'string', readOnly: true },
        /** Why: the SES bounce diagnostic, the suppression reason, the failure. */
        detail: { type: 'string', readOnly: true },
      },
      indexes: {
        byRecipient: {
          pk: { field: 'pk', composite: ['recipientKey'], template: 'RCPT#${recipientKey}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['at', 'messageId', 'event'],
            template: 'LOG#${at}#${messageId}#${event}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type SendLogEntry = EntityItem<ReturnType<typeof sendLogEntity>>;
