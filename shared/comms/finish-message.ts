import type { Deps } from '../deps';
import type { MessageStatus, OutboundMessage } from './outbound-message';
import type { SendLogEvent } from './send-log';

/** What a finished message records beside its status. */
export interface FinalRecord {
  event: Extract<SendLogEvent, 'sent' | 'suppressed' | 'failed'>;
  /** When it happened: the log entry's instant. */
  at: string;
  notBefore: string;
  sentAt?: string;
  sesMessageId?: string;
  subject?: string;
  /** Why: on the log entry, and as `lastError` on a failed message. */
  detail?: string;
  /**
   * The state the writer last saw, which must still hold: the sender's lease, or the status and
   * `notBefore` an SES event found. Two writers (the sender and an event) never both record.
   */
  expected: { status: MessageStatus; leaseId?: string; notBefore?: string };
}

/**
 * Writes a message's final status and its send-log entry (CRM-06) in one transaction, conditioned
 * on `expected`. Resolves with the transaction's answer: `canceled` with `ConditionalCheckFailed`
 * means another writer moved the message first.
 */
export async function finishWithLog(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  message: OutboundMessage,
  final: FinalRecord,
): Promise<{ canceled: boolean; codes: string[] }> {
  const expiresAt =
    Math.floor(deps.clock.now().getTime() / 1000) + deps.config.mailPolicy.keepMessagesDays * 86_400;
  const { expected } = final;
  const result = await deps.db.comms.transaction
    .write(({ outboundMessage, sendLog }) => [
      outboundMessage
        .patch({ messageId: message.messageId })
        .set({
          kind: message.kind,
          status: final.event,
          notBefore: final.notBefore,
          expiresAt,
          ...(final.sentAt ? { sentAt: final.sentAt } : {}),
          ...(final.sesMessageId ? { sesMessageId: final.sesMessageId } : {}),
          ...(final.subject ? { subject: final.subject } : {}),
          ...(final.event === 'failed' && final.detail ? { lastError: final.detail } : {}),
        })
        .remove(['leaseId', 'leaseUntil', 'attemptAt'])
        .where(({ status, leaseId, notBefore }, { eq }) =>
          [
            eq(status, expected.status),
            ...(expected.leaseId !== undefined ? [eq(leaseId, expected.leaseId)] : []),
            ...(expected.notBefore !== undefined ? [eq(notBefore, expected.notBefore)] : []),
          ].join(' AND '),
        )
        .commit(),
      sendLog
        .create({
          recipientKey: message.recipientKey,
          at: final.at,
          messageId: message.messageId,
          event: final.event,
          kind: message.kind,
          templateId: message.templateId,
          to: message.to,
          subject: final.subject ?? message.subject,
          detail: final.detail,
        })
        .commit(),
    ])
    .go();
  return { canceled: result.canceled, codes: result.data.map((reason) => String(reason.code)) };
}
