import type { SesNotification, SesNotificationMessage } from '../../events/ses-notification';
import { isClientRecipient, recordEmailTrouble } from '../crm/email-status';
import { isConditionFailure } from '../db/conditions';
import { markHandled, wasHandled } from '../db/dedupe';
import type { Deps } from '../deps';
import { finishWithLog } from './finish-message';
import type { OutboundMessage } from './outbound-message';
import { normalizeEmail } from './suppression';

type RecordDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'config'>;

/**
 * Logged when SES reports a second accepted send of a message already sent: the guarantees of
 * decision 0006 failed (events lost past the grace period). Counted and alarmed by the operations stack.
 */
export const sentTwiceLogMessage = 'e-mail sent twice';

/** Events that prove SES accepted the mail. `Send` comes first, within seconds of the call. */
const acceptedEvents = new Set(['Send', 'Delivery', 'Bounce', 'Complaint', 'DeliveryDelay', 'Open', 'Click']);
/** Events that prove SES will not deliver it. */
const refusedEvents = new Set(['Reject', 'Rendering Failure']);

export interface SesNotificationResult {
  suppressed: string[];
  logged: number;
  /** The outbound message this event settled (a send whose outcome had not been recorded). */
  settled?: 'sent' | 'failed';
  duplicate: boolean;
}

/**
 * SES feedback. An event naming one of our messages (the sender tags every mail with its
 * `messageId`) settles it if its outcome was not recorded — `Send`, `Delivery` or any later event
 * → `sent`, `Reject` → `failed` — with its send-log entry: this is how a send whose SES call may
 * have succeeded is reconciled instead of repeated. Then COM-08 / CRM-05: a permanent bounce
 * suppresses the address for every kind of mail, a complaint for mass mail (see
 * `suppressionBlocks`), and both show on the recipient's send log with the reason; transient
 * bounces are only logged (SES already retried). Every effect is idempotent and the dedupe marker
 * is written last, so a delivery that failed halfway is redone in full, and a replay of a handled
 * one is skipped.
 */
export async function recordSesNotification(
  deps: RecordDeps,
  input: SesNotificationMessage,
): Promise<SesNotificationResult> {
  const { notification } = input;
  const marker = { scope: 'ses-notification', key: input.snsMessageId };
  if (await wasHandled(deps.db.comms, marker)) return { suppressed: [], logged: 0, duplicate: true };

  const message = await messageOf(deps, notification);
  const settled = message ? await settleFromEvent(deps, message, notification) : undefined;

  const findings = [
    ...(notification.bounce?.bouncedRecipients ?? []).map((r) => ({
      email: normalizeEmail(r.emailAddress),
      event: 'bounced' as const,
      suppress: notification.bounce?.bounceType === 'Permanent',
      detail: [notification.bounce?.bounceType, notification.bounce?.bounceSubType, r.diagnosticCode]
        .filter(Boolean)
        .join(' / '),
      at: notification.bounce?.timestamp ?? notification.mail.timestamp,
    })),
    ...(notification.complaint?.complainedRecipients ?? []).map((r) => ({
      email: normalizeEmail(r.emailAddress),
      event: 'complained' as const,
      suppress: true,
      detail: ['Complaint', notification.complaint?.complaintFeedbackType].filter(Boolean).join(' / '),
      at: notification.complaint?.timestamp ?? notification.mail.timestamp,
    })),
  ];

  const { suppression, sendLog } = deps.db.comms.entities;
  const suppressed: string[] = [];
  for (const finding of findings) {
    if (finding.suppress) {
      const entry = {
        email: finding.email,
        detail: finding.detail,
        at: finding.at,
        sesMessageId: notification.mail.messageId,
      };
      try {
        if (finding.event === 'bounced') {
          // A bounce stops all mail: it replaces a complaint, never a staff decision.
          await suppression
            .put({ ...entry, reason: 'bounce' })
            .where(({ reason }, { notExists, ne }) => `${notExists(reason)} OR ${ne(reason, 'manual')}`)
            .go();
        } else {
          // A complaint never weakens a bounce or a staff decision already there.
          await suppression.create({ ...entry, reason: 'complaint' }).go();
        }
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      suppressed.push(finding.email);
    }
    // Same event, same key: a redelivery rewrites the same entry.
    await sendLog
      .put({
        recipientKey:
          message && message.to === finding.email ? message.recipientKey : `email:${finding.email}`,
        at: finding.at,
        messageId: message?.messageId ?? notification.mail.messageId,
        event: finding.event,
        kind: message?.kind ?? 'service',
        templateId: message?.templateId ?? 'unknown',
        to: finding.email,
        subject: message?.subject,
        detail: finding.detail,
      })
      .go();
    // COM-08 / CRM-05: the file shows its address bounced or complained, until the address changes.
    if (finding.suppress && message?.to === finding.email && isClientRecipient(message.recipientKey)) {
      await recordEmailTrouble(deps, {
        clientId: message.recipientKey,
        email: finding.email,
        status: finding.event === 'bounced' ? 'bounced' : 'complained',
        at: finding.at,
        detail: finding.detail,
      });
    }
  }

  await markHandled(deps.db.comms, { ...marker, now: deps.clock.now() });
  if (findings.length > 0 || settled) {
    deps.log.info('SES feedback recorded', {
      type: notification.type,
      settled,
      suppressed: suppressed.length,
      logged: findings.length,
    });
  }
  return { suppressed, logged: findings.length, settled, duplicate: false };
}

/** The message an event is about: by the tag the sender set, else by SES's own id (identity notifications). */
async function messageOf(
  deps: RecordDeps,
  notification: SesNotification,
): Promise<OutboundMessage | undefined> {
  const { outboundMessage } = deps.db.comms.entities;
  const byId = async (messageId: string) =>
    (await outboundMessage.get({ messageId }).go({ consistent: true })).data ?? undefined;
  const tagged = notification.mail.tags?.messageId?.[0];
  const found = tagged ? await byId(tagged) : undefined;
  if (found) return found;
  // The index only names the message (its projection need not carry the rest): read the item itself.
  const indexed = (
    await outboundMessage.query.bySesMessageId({ sesMessageId: notification.mail.messageId }).go({ count: 1 })
  ).data[0];
  return indexed ? byId(indexed.messageId) : undefined;
}

/**
 * Settles a message from what SES says happened to it, if its outcome is not recorded yet: it is
 * `sending` (the sender died, or could not write, after the SES call) or already queued again
 * after the grace period (the event came late: this stops the resend). Conditioned on the state
 * read, re-read on a race, so it never writes twice and never overrides the sender's own record.
 */
async function settleFromEvent(
  deps: RecordDeps,
  read: OutboundMessage,
  notification: SesNotification,
): Promise<'sent' | 'failed' | undefined> {
  const accepted = acceptedEvents.has(notification.type);
  const refused = refusedEvents.has(notification.type);
  if (!accepted && !refused) return undefined;
  let message: OutboundMessage | undefined = read;
  for (let attempt = 0; attempt < 3 && message; attempt++) {
    if (accepted && message.status === 'sent') {
      if (
        notification.type === 'Send' &&
        message.sesMessageId &&
        message.sesMessageId !== notification.mail.messageId
      ) {
        deps.log.error(sentTwiceLogMessage, {
          messageId: message.messageId,
          sesMessageIds: [message.sesMessageId, notification.mail.messageId],
        });
      }
      return undefined;
    }
    const open = message.status === 'sending' || message.status === 'queued' || message.status === 'deferred';
    if (accepted ? !open : message.status === 'failed' || message.status === 'suppressed') return undefined;

    const event = accepted ? ('sent' as const) : ('failed' as const);
    const at = notification.mail.timestamp;
    const detail = accepted
      ? `recorded from the SES ${notification.type} event`
      : `SES ${notification.type}: ${notification.reject?.reason ?? notification.failure?.errorMessage ?? ''}`.trim();
    const current: OutboundMessage = message;
    const result = await finishWithLog(deps, current, {
      event,
      at,
      notBefore: current.notBefore,
      ...(accepted ? { sentAt: at, sesMessageId: notification.mail.messageId } : {}),
      subject: current.subject,
      detail,
      expected: { status: current.status, notBefore: current.notBefore },
    });
    if (!result.canceled) {
      deps.log.warn(`e-mail settled from its SES ${notification.type} event`, {
        messageId: current.messageId,
        was: current.status,
        now: event,
      });
      return event;
    }
    if (!result.codes.includes('ConditionalCheckFailed')) {
      throw new Error(`Could not settle ${current.messageId}: ${result.codes.join(', ')}`);
    }
    message =
      (
        await deps.db.comms.entities.outboundMessage
          .get({ messageId: current.messageId })
          .go({ consistent: true })
      ).data ?? undefined;
  }
  return undefined;
}
