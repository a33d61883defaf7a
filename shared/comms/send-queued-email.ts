import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { PermanentFailureError } from '../kernel/errors';
import { renderTemplate } from '../templates/email';
import { reserveMassSend } from './mass-window';
import type { MessageKind, OutboundMessage } from './outbound-message';
import type { Pacer } from './pacer';
import type { SendLogEvent } from './send-log';
import { massCapFor } from './sending-policy';

export type SendOutcome =
  /** Sent now. */
  | 'sent'
  /** Already sent, suppressed or failed: a duplicate delivery, nothing to do. */
  | 'duplicate'
  /** Another sender holds it right now: retry the delivery later. */
  | 'in-flight'
  /** The address is suppressed (COM-08): never sent. */
  | 'suppressed'
  /** The mass-mail cap is reached: kept, and released by the schedule when a place frees up. */
  | 'deferred'
  /** Waiting for a later time (deferred earlier): this delivery is early and is dropped. */
  | 'not-due'
  /** Unknown or expired message id. */
  | 'missing'
  /** Can never be sent (bad template data, address refused by SES): recorded on the log. */
  | 'failed';

type SendDeps = Pick<Deps, 'db' | 'mail' | 'clock' | 'log' | 'config'>;

/**
 * Sends one queued e-mail exactly once. The message is first claimed with a conditional write (so
 * a second SQS delivery finds it claimed or sent), then checked against suppressions and, for mass
 * mail, the rolling 24 h cap; only then rendered, paced and handed to SES. The outcome and the
 * send-log entry are written together.
 */
export async function sendQueuedEmail(
  deps: SendDeps,
  input: { messageId: string; pacers: Record<MessageKind, Pacer> },
): Promise<SendOutcome> {
  const { outboundMessage, suppression } = deps.db.comms.entities;
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const message = (await outboundMessage.get({ messageId: input.messageId }).go({ consistent: true })).data;
  if (!message) return 'missing';
  if (message.status === 'sent' || message.status === 'suppressed' || message.status === 'failed')
    return 'duplicate';
  if (message.status === 'deferred' && message.notBefore > nowIso) return 'not-due';

  const policy = deps.config.mailPolicy;
  const leaseUntil = new Date(now.getTime() + policy.leaseSeconds * 1000).toISOString();
  try {
    await outboundMessage
      .patch({ messageId: message.messageId })
      .set({ status: 'sending', leaseUntil, notBefore: message.notBefore })
      .add({ attempts: 1 })
      .where(
        ({ status, notBefore, leaseUntil: lease }, { eq, lte, lt }) =>
          `(${eq(status, 'queued')}) OR (${eq(status, 'deferred')} AND ${lte(notBefore, nowIso)}) OR (${eq(status, 'sending')} AND ${lt(lease, nowIso)})`,
      )
      .go();
  } catch (error) {
    if (isConditionFailure(error)) return 'in-flight';
    throw error;
  }

  const suppressed = (await suppression.get({ email: message.to }).go()).data;
  if (suppressed) {
    await finish(deps, message, 'suppressed', {
      detail: `${suppressed.reason}: ${suppressed.detail ?? ''}`.trim(),
    });
    return 'suppressed';
  }

  if (message.kind === 'mass') {
    const place = await reserveMassSend(deps, {
      account: message.account,
      cap: massCapFor(policy, message.account),
      now,
    });
    if (!place.reserved) {
      await outboundMessage
        .patch({ messageId: message.messageId })
        .set({ status: 'deferred', notBefore: place.freeAt.toISOString() })
        .remove(['leaseUntil'])
        .go();
      deps.log.info('mass e-mail deferred: 24 h cap reached', {
        messageId: message.messageId,
        account: message.account,
        until: place.freeAt.toISOString(),
      });
      return 'deferred';
    }
  }

  let rendered: ReturnType<typeof renderTemplate>;
  try {
    rendered = renderTemplate(message.templateId, message.locale, message.data);
  } catch (error) {
    if (!(error instanceof PermanentFailureError)) throw error;
    await finish(deps, message, 'failed', { detail: error.code });
    deps.log.error('e-mail cannot be rendered', { messageId: message.messageId, code: error.code });
    return 'failed';
  }

  await input.pacers[message.kind]();
  let providerMessageId: string;
  try {
    ({ providerMessageId } = await deps.mail.send({
      from: deps.config.mailFrom,
      to: message.to,
      replyTo: message.replyTo,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      tags: { template: message.templateId, kind: message.kind, messageId: message.messageId },
    }));
  } catch (error) {
    if (isPermanentSesRejection(error)) {
      await finish(deps, message, 'failed', {
        detail: String((error as Error).message),
        subject: rendered.subject,
      });
      return 'failed';
    }
    // Let the lease lapse at once so the SQS retry can claim it again.
    await outboundMessage
      .patch({ messageId: message.messageId })
      .set({ status: 'queued', notBefore: message.notBefore })
      .remove(['leaseUntil'])
      .go();
    throw error;
  }
  await finish(deps, message, 'sent', { subject: rendered.subject, sesMessageId: providerMessageId });
  return 'sent';
}

/** Final status and its log entry, in one transaction. */
async function finish(
  deps: SendDeps,
  message: OutboundMessage,
  event: Extract<SendLogEvent, 'sent' | 'suppressed' | 'failed'>,
  outcome: { subject?: string; sesMessageId?: string; detail?: string },
): Promise<void> {
  const now = deps.clock.now();
  const expiresAt = Math.floor(now.getTime() / 1000) + deps.config.mailPolicy.keepMessagesDays * 86_400;
  const result = await deps.db.comms.transaction
    .write(({ outboundMessage, sendLog }) => [
      outboundMessage
        .patch({ messageId: message.messageId })
        .set({
          status: event,
          notBefore: message.notBefore,
          expiresAt,
          ...(event === 'sent' ? { sentAt: now.toISOString() } : {}),
          ...(outcome.subject ? { subject: outcome.subject } : {}),
          ...(outcome.sesMessageId ? { sesMessageId: outcome.sesMessageId } : {}),
        })
        .remove(['leaseUntil'])
        .where(({ status }, { eq }) => eq(status, 'sending'))
        .commit(),
      sendLog
        .create({
          recipientKey: message.recipientKey,
          at: now.toISOString(),
          messageId: message.messageId,
          event,
          kind: message.kind,
          templateId: message.templateId,
          to: message.to,
          subject: outcome.subject,
          detail: outcome.detail,
        })
        .commit(),
    ])
    .go();
  if (result.canceled) {
    throw new Error(
      `Could not record the ${event} outcome of ${message.messageId}: ${JSON.stringify(result.data)}`,
    );
  }
}

/** SES refuses some mail for good (bad address, unverified sender): retrying cannot help. */
function isPermanentSesRejection(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return (
    name === 'MessageRejected' ||
    name === 'BadRequestException' ||
    name === 'MailFromDomainNotVerifiedException'
  );
}
