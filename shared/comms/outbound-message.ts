import { Entity, type EntityItem } from 'electrodb';
import * as z from 'zod/mini';

/**
 * One e-mail on its way out. It is written in the same transaction as the business change that
 * causes it (the outbox), then its id alone travels on a queue; the sender claims it before sending
 * so a message delivered twice by SQS is sent once, and marks each SES call before making it so a
 * call whose outcome is unknown is reconciled through SES events, never repeated blindly.
 *
 * States (decision 0006):
 * - `queued`: to send now; `notBefore` is when the release schedule publishes it again if it is
 *   still here (a publication lost after the commit).
 * - `deferred`: to send at `notBefore` (the mass cap or platform budget is full, or SES refused the
 *   last attempt and the message backs off).
 * - `sending`: a sender holds it until `leaseUntil`. Without `attemptAt` nothing reached SES yet;
 *   with it, SES may have accepted the mail: only an SES event (→ `sent` or `failed`) or, after
 *   the grace period with no event, the release schedule (→ `queued`) moves it on. `notBefore` is
 *   when the release schedule looks at it: the lease's end, or `attemptAt` + the grace period.
 * - `sent`, `suppressed`, `failed`: final, each with its send-log entry.
 */
export const messageKinds = ['service', 'mass'] as const;
export type MessageKind = (typeof messageKinds)[number];

export const messageStatuses = ['queued', 'sending', 'sent', 'deferred', 'suppressed', 'failed'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/** Statuses the release schedule looks at: waiting to be (re)published, or held past their time. */
export const pendingStatuses = ['sending', 'deferred', 'queued'] as const;
export type PendingStatus = (typeof pendingStatuses)[number];
const pending = new Set<string>(pendingStatuses);

export const outboundMessageEntity = () =>
  new Entity(
    {
      model: { entity: 'outboundMessage', version: '1', service: 'parvis' },
      attributes: {
        messageId: { type: 'string', required: true, readOnly: true },
        /**
         * Never changes, but not `readOnly`: it is a composite of the sparse waiting index, so every
         * write that moves the message between states names it again (ElectroDB requires all the
         * composites of a conditional index together, and transactions do not offer `composite()`).
         */
        kind: { type: messageKinds, required: true },
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
        /** Objects of the documents bucket sent with it (decision 0018): references, never bytes. */
        attachments: {
          type: 'list',
          readOnly: true,
          items: {
            type: 'map',
            properties: {
              key: { type: 'string', required: true },
              filename: { type: 'string', required: true },
              contentType: { type: 'string', required: true },
            },
          },
        },
        status: { type: messageStatuses, required: true },
        /** Not to be sent (deferred), republished (queued) or looked at (sending) before this instant. */
        notBefore: { type: 'string', required: true },
        /** SES calls made (and abandoned claims), capped by the policy's `maxAttempts`. */
        attempts: { type: 'number', required: true, default: 0 },
        /** The holder's token: every write of the holder is conditioned on it. */
        leaseId: { type: 'string' },
        /** A sender holds the message until then; after it another may take over. */
        leaseUntil: { type: 'string' },
        /** The attempt marker: written just before the SES call, removed when its outcome is known. */
        attemptAt: { type: 'string' },
        /** The instant (epoch ms) of the mass-mail place taken for the current attempt. */
        massReservedAt: { type: 'number' },
        /** Why the last attempt did not succeed. */
        lastError: { type: 'string' },
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
        /**
         * Sparse: only pending messages (queued, deferred, sending), per status and kind so the
         * release schedule takes service mail first, oldest due first.
         */
        waitingByStatus: {
          index: 'gsi1',
          condition: (attributes) => pending.has(String(attributes.status)),
          pk: {
            field: 'gsi1pk',
            composite: ['status', 'kind'],
            template: 'OUTBOX#${status}#${kind}',
            casing: 'none',
          },
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
        /**
         * Erasure (CRM-07, docs/data-model.md §5) finds every message about a person: under the
         * client id, or `email:<address>` for mail sent before a file existed. Both composites are
         * read-only, so only the create writes this entry.
         */
        byRecipient: {
          index: 'gsi4',
          pk: {
            field: 'gsi4pk',
            composite: ['recipientKey'],
            template: 'CLIENT#${recipientKey}',
            casing: 'none',
          },
          sk: { field: 'gsi4sk', composite: ['createdAt'], template: 'MSG#${createdAt}', casing: 'none' },
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
