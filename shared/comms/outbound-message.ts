import { Entity, type EntityItem } from 'electrodb';
import * as z from 'zod/mini';

/**
 * One e-mail on its way out. It is written in the same transaction as the business change that
 * causes it (the outbox), then its id alone travels on a queue; the sender claims it before sending
 * so a message delivered twice by SQS is sent once.
 */
export const messageKinds = ['service', 'mass'] as const;
export type MessageKind = (typeof messageKinds)[number];

export const messageStatuses = ['queued', 'sending', 'sent', 'deferred', 'suppressed', 'failed'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/** Statuses the release schedule looks for: waiting to be (re)published. */
const waiting = new Set<string>(['queued', 'deferred']);

export const outboundMessageEntity = () =>
  new Entity(
    {
      model: { entity: 'outboundMessage', version: '1', service: 'parvis' },
      attributes: {
        messageId: { type: 'string', required: true, readOnly: true },
        kind: { type: messageKinds, required: true, readOnly: true },
        /** Sending account whose mass-mail cap applies (an organizer's address, or `platform`). */
        account: { type: 'string', required: true, readOnly: true },
        templateId: { type: 'string', required: true, readOnly: true },
        locale: { type: ['fr', 'en'] as const, required: true, readOnly: true },
        to: { type: 'string', required: true, readOnly: true },
        /** Whose send log records it: a client id, or `email:<address>` before a client exists. */
        recipientKey: { type: 'string', required: true, readOnly: true },
        replyTo: { type: 'string', readOnly: true },
        mailingId: { type: 'string', readOnly: true },
        data: { type: 'any', required: true, readOnly: true },
        status: { type: messageStatuses, required: true },
        /** Not to be sent (deferred) or republished (queued) before this instant. */
        notBefore: { type: 'string', required: true },
        attempts: { type: 'number', required: true, default: 0 },
        /** A sender holds the message until then; after it another may take over. */
        leaseUntil: { type: 'string' },
        subject: { type: 'string' },
        sesMessageId: { type: 'string' },
        sentAt: { type: 'string' },
        createdAt: { type: 'string', required: true, readOnly: true },
        expiresAt: { type: 'number' },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['messageId'], template: 'MSG#${messageId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'MSG', casing: 'none' },
        },
        /** Sparse: only messages waiting for (re)publication, oldest due first. */
        waitingByStatus: {
          index: 'gsi1',
          condition: (attributes) => waiting.has(String(attributes.status)),
          pk: { field: 'gsi1pk', composite: ['status'], template: 'OUTBOX#${status}', casing: 'none' },
          sk: {
            field: 'gsi1sk',
            composite: ['notBefore', 'messageId'],
            template: '${notBefore}#${messageId}',
            casing: 'none',
          },
        },
        /** Sparse: SES notifications name the SES message id. */
        bySesMessageId: {
          index: 'gsi2',
          condition: (attributes) => Boolean(attributes.sesMessageId),
          pk: {
            field: 'gsi2pk',
            composite: ['sesMessageId'],
            template: 'SESMSG#${sesMessageId}',
            casing: 'none',
          },
          // Only sesMessageId: a condition index must get all its composites in every write that names one.
          sk: {
            field: 'gsi2sk',
            composite: ['sesMessageId'],
            template: 'SES#${sesMessageId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type OutboundMessage = EntityItem<ReturnType<typeof outboundMessageEntity>>;

/** Queue message body: only the id travels; the content stays in the table. */
export const outboundEmailMessage = z.object({
  v: z.literal(1),
  messageId: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type OutboundEmailMessage = z.infer<typeof outboundEmailMessage>;
