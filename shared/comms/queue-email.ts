import { createWriteTransaction, type Entity } from 'electrodb';
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { ConflictError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { emailTemplates, isEmailTemplateId } from '../templates/email';
import { emailAttachmentsSchema } from './attachments';
import type { MessageKind } from './outbound-message';
import { normalizeEmail } from './suppression';

/** Which queue carries each kind: service mail never waits behind a mass mailing. */
export const queueOfKind: Record<MessageKind, 'outboundEmail' | 'massEmail'> = {
  service: 'outboundEmail',
  mass: 'massEmail',
};

const maxDataBytes = 64 * 1024;

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const address = () => z.email().check(z.maxLength(254));

export const emailRequestSchema = z
  .object({
    templateId: z.string().check(z.refine(isEmailTemplateId, { message: 'unknown e-mail template' })),
    locale: z.enum(['fr', 'en']),
    to: address(),
    /** The client whose log records the send; without it the address is the key. */
    recipientId: z.optional(text(64)),
    data: z.record(z.string(), z.unknown()),
    kind: z._default(z.enum(['service', 'mass']), 'service'),
    account: z._default(text(254), 'platform'),
    replyTo: z.optional(address()),
    mailingId: z.optional(text(64)),
    /**
     * PDFs already in the documents bucket, by reference (decision 0018): the item keeps the
     * references only, the sender reads the bytes.
     */
    attachments: z.optional(emailAttachmentsSchema),
  })
  .check(
    z.superRefine((request, context) => {
      // The message is one DynamoDB item (400 KB at most): keep its data well under that.
      if (JSON.stringify(request.data).length > maxDataBytes) {
        context.addIssue({
          code: 'custom',
          path: ['data'],
          message: `data larger than ${maxDataBytes} bytes`,
        });
        return;
      }
      if (!isEmailTemplateId(request.templateId)) return;
      const parsed = emailTemplates[request.templateId].data.safeParse(request.data);
      for (const issue of parsed.error?.issues ?? []) {
        context.addIssue({
          code: 'custom',
          path: ['data', ...issue.path.map(String)],
          message: issue.message,
        });
      }
    }),
  );

export type EmailRequest = z.input<typeof emailRequestSchema>;

// biome-ignore lint/suspicious/noExplicitAny: any entity of any domain may join the transaction.
type EntityMap = Record<string, Entity<any, any, any, any>>;
/** The caller's commits, built from its entities as ElectroDB's createWriteTransaction hands them over. */
// biome-ignore lint/suspicious/noExplicitAny: the result items are whatever the caller's entities make.
type WriteFunction<E extends EntityMap> = Parameters<typeof createWriteTransaction<E, unknown, any>>[1];

/**
 * A business change and the e-mails it causes. `writes` builds the caller's own commits from
 * `entities`, the entities of its domain (`deps.db.identity.entities`, say), which are joined with
 * the e-mail outbox in one transaction (ElectroDB `createWriteTransaction`, DESIGN convention 5).
 */
export interface CommitUnit<E extends EntityMap> {
  entities?: E;
  writes?: WriteFunction<E>;
  emails: EmailRequest[];
}

/**
 * The outbox items of `emails`, validated, for a caller that must write them inside a transaction
 * it builds itself (placeHold's `extraWrites`); it publishes them with `publishOutbox` once that
 * transaction committed. `commitWithEmails` is the same pair for everyone else.
 */
export function outboxMessages(
  deps: Pick<Deps, 'clock' | 'ids' | 'config'>,
  emails: EmailRequest[],
): OutboxMessage[] {
  const now = deps.clock.now();
  const republishAt = new Date(
    now.getTime() + deps.config.mailPolicy.republishAfterSeconds * 1000,
  ).toISOString();
  return emails.map((request) => {
    const email = parseInput(emailRequestSchema, request);
    const to = normalizeEmail(email.to);
    return {
      messageId: deps.ids(),
      kind: email.kind,
      account: email.account,
      templateId: email.templateId,
      locale: email.locale,
      to,
      recipientKey: email.recipientId ?? `email:${to}`,
      replyTo: email.replyTo,
      mailingId: email.mailingId,
      data: email.data,
      ...(email.attachments?.length ? { attachments: email.attachments } : {}),
      status: 'queued' as const,
      notBefore: republishAt,
      attempts: 0,
      createdAt: now.toISOString(),
    };
  });
}

/** One outbox item as `outboxMessages` makes it (the outbound message entity's queued state). */
export interface OutboxMessage {
  messageId: string;
  kind: 'service' | 'mass';
  account: string;
  templateId: string;
  locale: 'fr' | 'en';
  to: string;
  recipientKey: string;
  replyTo: string | undefined;
  mailingId: string | undefined;
  data: Record<string, unknown>;
  attachments?: z.output<typeof emailAttachmentsSchema>;
  status: 'queued';
  notBefore: string;
  attempts: number;
  createdAt: string;
}

/**
 * Puts committed outbox items on their queues. A failure is logged, not thrown: the messages stay
 * `queued` and the release schedule publishes them again (the outbox pattern).
 */
export async function publishOutbox(
  deps: Pick<Deps, 'queues' | 'log'>,
  messages: Pick<OutboxMessage, 'messageId' | 'kind'>[],
): Promise<void> {
  for (const kind of ['service', 'mass'] as const) {
    const ids = messages.filter((m) => m.kind === kind).map((m) => ({ v: 1, messageId: m.messageId }));
    if (ids.length === 0) continue;
    try {
      await deps.queues.publish(queueOfKind[kind], ids);
    } catch (error) {
      deps.log.warn('e-mail publish failed after commit; the release schedule will publish it', {
        count: ids.length,
        error: String(error),
      });
    }
  }
}

/**
 * Commits the caller's writes and the e-mails they cause in one transaction, then puts the e-mails
 * on their queues. If publishing fails after the commit nothing is lost: the messages stay
 * `queued` and the release schedule publishes them again (the outbox pattern).
 */
export async function commitWithEmails<E extends EntityMap = Record<never, never>>(
  deps: Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>,
  unit: CommitUnit<E>,
): Promise<{ messageIds: string[] }> {
  const messages = outboxMessages(deps, unit.emails);
  const { outboundMessage } = deps.db.comms.entities;
  if (!unit.writes && messages.length === 1 && messages[0]) {
    await outboundMessage.create(messages[0]).go();
  } else if (unit.writes || messages.length > 0) {
    const own = (unit.entities ?? {}) as E;
    if ('outboundMessage' in own) throw new Error('commitWithEmails adds the outbox itself');
    const result = await createWriteTransaction({ ...own, outboundMessage }, (joined) => [
      ...(unit.writes?.(joined as unknown as Parameters<WriteFunction<E>>[0]) ?? []),
      ...messages.map((message) => joined.outboundMessage.create(message).commit()),
    ]).go();
    if (result.canceled) {
      throw new ConflictError('transaction_canceled', {
        fr: 'La modification a été refusée parce que les données ont changé entre-temps. Veuillez réessayer.',
        en: 'The change was refused because the data changed in the meantime. Please try again.',
      });
    }
  }
  await publishOutbox(deps, messages);
  return { messageIds: messages.map((m) => m.messageId) };
}
