import type { SesNotificationMessage } from '../../events/ses-notification';
import { markHandledOnce } from '../db/dedupe';
import type { Deps } from '../deps';
import { normalizeEmail } from './suppression';

/**
 * COM-08 / CRM-05: a permanent bounce or a complaint suppresses the address (nothing more is sent
 * to it) and shows on the recipient's send log with the reason. Transient bounces are only logged:
 * SES already retried, and the next mail may well arrive. Replays change nothing twice.
 */
export async function recordSesNotification(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  input: SesNotificationMessage,
): Promise<{ suppressed: string[]; logged: number; duplicate: boolean }> {
  const { notification } = input;
  const first = await markHandledOnce(deps.db.comms, {
    scope: 'ses-notification',
    key: input.snsMessageId,
    now: deps.clock.now(),
  });
  if (!first) return { suppressed: [], logged: 0, duplicate: true };

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
  if (findings.length === 0) return { suppressed: [], logged: 0, duplicate: false };

  const { outboundMessage, suppression, sendLog } = deps.db.comms.entities;
  const sent = (
    await outboundMessage.query.bySesMessageId({ sesMessageId: notification.mail.messageId }).go()
  ).data[0];
  const suppressed: string[] = [];
  let logged = 0;
  for (const finding of findings) {
    if (finding.suppress) {
      await suppression
        .put({
          email: finding.email,
          reason: finding.event === 'complained' ? 'complaint' : 'bounce',
          detail: finding.detail,
          at: finding.at,
          sesMessageId: notification.mail.messageId,
        })
        .go();
      suppressed.push(finding.email);
    }
    await sendLog
      .put({
        recipientKey: sent && sent.to === finding.email ? sent.recipientKey : `email:${finding.email}`,
        at: finding.at,
        messageId: sent?.messageId ?? notification.mail.messageId,
        event: finding.event,
        kind: sent?.kind ?? 'service',
        templateId: sent?.templateId ?? 'unknown',
        to: finding.email,
        subject: sent?.subject,
        detail: finding.detail,
      })
      .go();
    logged++;
  }
  deps.log.info('SES feedback recorded', { type: notification.type, suppressed, logged });
  return { suppressed, logged, duplicate: false };
}
